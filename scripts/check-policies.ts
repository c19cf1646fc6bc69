#!/usr/bin/env -S npx tsx
/**
 * npm run check:policies [-- --dir cdktf.out]: judges the synthesized stacks
 * against the guide's security checks (FSBP / checkov controls); one line per
 * finding, exit 1 when any.
 */
import { parseArgs } from 'node:util';
import { CHECKS, evaluateAll } from '../iac/policies/checks.js';
import { loadSynthesized } from '../iac/policies/model.js';

import fs from 'node:fs';
import path from 'node:path';

const { values } = parseArgs({ options: { dir: { type: 'string', default: 'cdktf.out' } } });
const stacksDir = path.join(values.dir!, 'stacks');
if (!fs.existsSync(stacksDir)) {
  console.error(`check:policies: no synthesized stacks in ${path.resolve(stacksDir)}: run \`npm run synth\` first, or give --dir <synth output>`);
  process.exit(2);
}
let app;
try {
  app = loadSynthesized(values.dir!);
} catch (error) {
  console.error(`check:policies: cannot read the stacks in ${path.resolve(stacksDir)}: ${(error as Error).message.split('\n')[0]}; synthesize again with \`npm run synth\``);
  process.exit(2);
}
const findings = evaluateAll(app);
for (const f of findings) console.log(`${f.stack}: ${f.address}: ${f.check}: ${f.message}`);
console.log(`check:policies: ${CHECKS.length} checks, ${findings.length} finding(s)`);
if (findings.length) process.exitCode = 1;
