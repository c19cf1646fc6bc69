const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "27 Nov 2026", in UTC, the same on the server and in every browser.
 * Written out rather than through Intl.DateTimeFormat: the guide has one
 * locale, and the first Intl call costs a phone some 200 ms of blocked main
 * thread while the page becomes interactive.
 */
export function formatUtcDate(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
