/**
 * Global setup: `npm test` leaves no temporary folders behind. The names the
 * tests use in the system's temporary folder are listed at the start; any of
 * them still there at the end fails the run, naming them.
 */
import fs from 'node:fs';
import os from 'node:os';

/** Prefixes of what the tests (and the code they run) make under os.tmpdir(). */
export const TEST_TEMP = /^(cdktf\.outdir\.|guide-|synth-|diagrams-|export-|fence-|edit-url-|order-|snippet-addresses-|licence-|dns-|remark-|fuzz-)/;

const ours = () => fs.readdirSync(os.tmpdir()).filter((name) => TEST_TEMP.test(name));

export default function setup() {
  const before = new Set(ours());
  return () => {
    const left = ours().filter((name) => !before.has(name));
    if (left.length) {
      // Vitest reports an error thrown here but keeps its exit code: set it.
      process.stderr.write(`\nFAIL no-leftovers: the tests left ${left.length} temporary folder(s) in ${os.tmpdir()}: ${left.slice(0, 10).join(', ')}${left.length > 10 ? ', …' : ''}; remove them in the test that makes them (test/helpers/temp.ts)\n`);
      process.exitCode = 1;
    }
  };
}
