/**
 * Temporary folders a test file makes, removed when the file's tests end:
 * `npm test` leaves nothing behind in the system's temporary folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { Testing } from 'cdktn';

const made: string[] = [];

// Registered when a test file imports this module (at collection), so it runs when that file's tests end;
// a hook registered from inside a running test would not be.
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new temporary folder, removed after this test file. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

let appDir: string | undefined;

/** Testing.app(), writing into this file's own temporary folder rather than a new cdktf.outdir.* each call. */
export function testingApp() {
  appDir ??= tempDir('guide-testing-app-');
  return Testing.app({ outdir: appDir });
}
