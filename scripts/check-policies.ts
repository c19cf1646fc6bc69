#!/usr/bin/env -S npx tsx
/**
 * npm run check:policies [-- --dir cdktf.out]: judges the synthesized stacks
 * against the guide's security checks (FSBP / checkov controls); one line per
 * finding, exit 1 when any.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CHECKS, evaluateAll } from '../iac/policies/checks.js';
import { loadSynthesized, type SynthesizedApp } from '../iac/policies/model.js';
import { runCli } from './lib/cli.js';

runCli(
  {
    command: 'npm run check:policies',
    synopsis: '[-- --dir DIR]',
    description: "Judges the synthesized stacks against the guide's security checks (FSBP / checkov controls): one line per finding, exit 1 when any.",
    options: { dir: { type: 'string', default: 'cdktf.out', value: '<dir>', help: 'the synth output to judge' } },
    example: 'npm run check:policies -- --dir cdktf.out',
  },
  ({ values }) => {
    const stacksDir = path.join(values.dir as string, 'stacks');
    if (!fs.existsSync(stacksDir)) {
      console.error(`check:policies: no synthesized stacks in ${path.resolve(stacksDir)}: run \`npm run synth\` first, or give --dir <synth output>`);
      return 2;
    }
    let app: SynthesizedApp;
    try {
      app = loadSynthesized(values.dir as string);
    } catch (error) {
      console.error(`check:policies: cannot read the stacks in ${path.resolve(stacksDir)}: ${(error as Error).message.split('\n')[0]}; synthesize again with \`npm run synth\``);
      return 2;
    }
    const findings = evaluateAll(app);
    for (const f of findings) console.log(`${f.stack}: ${f.address}: ${f.check}: ${f.message}`);
    console.log(`check:policies: ${CHECKS.length} checks, ${findings.length} finding(s)`);
    return findings.length ? 1 : 0;
  },
);
