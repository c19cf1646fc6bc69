/** Derived names: URLs from the access host. */
export function accessUrl(host: string): string {
  return `https://${host}`;
}
export function wildcardHost(host: string): string {
  return `*.${host}`;
}
