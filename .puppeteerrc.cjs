// Never download a browser: the guide renders with Debian's chromium (see scripts/lib/browser.ts).
module.exports = { skipDownload: true };
