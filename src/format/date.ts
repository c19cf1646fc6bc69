const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "Nov 27, 2026" (as the theme's own "en" formatter writes it), in UTC, the
 * same on the server and in every browser.
 * Written out rather than through Intl.DateTimeFormat: the guide has one
 * locale, and the first Intl call costs a phone some 200 ms of blocked main
 * thread while the page becomes interactive.
 */
export function formatUtcDate(epochMs: number): string {
  const date = new Date(epochMs);
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}
