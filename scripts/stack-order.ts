#!/usr/bin/env -S npx tsx
/**
 * npm run --silent stacks:order [-- --dir cdktf.out] [--aws-only]
 * Prints the synthesized stacks in dependency order, one per line, from the
 * synth manifest and the stacks' cross-stack references. --aws-only leaves out
 * stacks whose providers need a live cluster or Coder (helm, kubernetes,
 * coderd), for plans before anything is deployed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from './lib/cli.js';
import { stackOrder } from './lib/stack-order.js';

runCli(
  {
    command: 'npm run stacks:order',
    synopsis: '[-- --dir DIR] [--aws-only]',
    description: 'Prints the synthesized stacks in the order they can be applied, one per line.',
    options: {
      dir: { type: 'string', default: 'cdktf.out', value: '<dir>', help: 'the synth output' },
      'aws-only': { type: 'boolean', default: false, help: 'leave out stacks that need a live cluster or Coder (helm, kubernetes, coderd)' },
    },
    example: 'npm run --silent stacks:order -- --aws-only',
  },
  ({ values }) => {
    const dir = values.dir as string;
    if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
      console.error(`stacks:order: no synth output in ${path.resolve(dir)}: run \`npm run synth\` first, or give --dir <synth output>`);
      return 2;
    }
    for (const stack of stackOrder(dir, { awsOnly: values['aws-only'] as boolean })) console.log(stack);
    return 0;
  },
);
