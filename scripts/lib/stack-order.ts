/** Stacks in the order they can be applied: each after the stacks it reads remote state from. */
import fs from 'node:fs';
import path from 'node:path';

const LIVE_PROVIDERS = ['helm', 'kubernetes', 'coderd'];

export function stackOrder(synthDir: string, options: { awsOnly?: boolean } = {}): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(synthDir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
  const names = Object.keys(manifest.stacks).sort();
  const deps = new Map<string, Set<string>>();
  for (const name of names) {
    const json = JSON.parse(fs.readFileSync(path.join(synthDir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as { data?: { terraform_remote_state?: Record<string, { config: { key: string } }> } };
    const reads = Object.values(json.data?.terraform_remote_state ?? {}).map((r) => path.basename(r.config.key, '.tfstate'));
    deps.set(name, new Set([...manifest.stacks[name]!.dependencies, ...reads].filter((d) => d !== name)));
  }
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (order.includes(name)) return;
    if (visiting.has(name)) throw new Error(`stacks depend on each other in a cycle through ${name}`);
    visiting.add(name);
    for (const dep of [...(deps.get(name) ?? [])].sort()) visit(dep);
    visiting.delete(name);
    order.push(name);
  };
  // The state stack holds every other stack's state: it always comes first.
  for (const name of ['state', ...names]) if (deps.has(name)) visit(name);
  if (!options.awsOnly) return order;
  return order.filter((name) => {
    const json = JSON.parse(fs.readFileSync(path.join(synthDir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as { terraform?: { required_providers?: Record<string, unknown> } };
    return !Object.keys(json.terraform?.required_providers ?? {}).some((p) => LIVE_PROVIDERS.includes(p));
  });
}
