/**
 * The browser the pipeline renders with: Debian's chromium, never a
 * downloaded one. PUPPETEER_EXECUTABLE_PATH wins when set; otherwise the
 * usual Debian/Ubuntu locations are tried.
 */
import fs from 'node:fs';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const INSTALL_HINT = 'apt-get update && apt-get install -y chromium';

export class BrowserNotFoundError extends Error {}

export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = CHROMIUM_CANDIDATES,
  isExecutable: (file: string) => boolean = defaultIsExecutable,
): string {
  const explicit = env.PUPPETEER_EXECUTABLE_PATH;
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new BrowserNotFoundError(
      `PUPPETEER_EXECUTABLE_PATH=${explicit} is not an executable file: point it at a Chromium binary, or unset it and run: ${INSTALL_HINT}`,
    );
  }
  const found = candidates.find(isExecutable);
  if (found) return found;
  throw new BrowserNotFoundError(
    `No Chromium found (looked at PUPPETEER_EXECUTABLE_PATH, ${candidates.join(', ')}). Diagrams render in a real browser: run ${INSTALL_HINT}`,
  );
}

function defaultIsExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Flags for headless Chromium on a build machine: root needs --no-sandbox, and
 * the machine's network is closed, so no background traffic.
 */
export const HEADLESS_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
];
