#!/usr/bin/env -S npx tsx
/**
 * npm run check:policies [-- --dir cdktf.out]: judges the synthesized stacks
 * against the guide's security checks (FSBP / checkov controls); one line per
 * finding, exit 1 when any.
 */
import { parseArgs } from 'node:util';
import { CHECKS, evaluateAll } from '../iac/policies/checks.js';
import { loadSynthesized } from '../iac/policies/model.js';

const { values } = parseArgs({ options: { dir: { type: 'string', default: 'cdktf.out' } } });
const findings = evaluateAll(loadSynthesized(values.dir!));
for (const f of findings) console.log(`${f.stack}: ${f.address}: ${f.check}: ${f.message}`);
console.log(`check:policies: ${CHECKS.length} checks, ${findings.length} finding(s)`);
if (findings.length) process.exitCode = 1;
