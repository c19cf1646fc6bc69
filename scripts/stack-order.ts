#!/usr/bin/env -S npx tsx
/**
 * npm run --silent stacks:order [-- --dir cdktf.out] [--aws-only]
 * Prints the synthesized stacks in dependency order, one per line, from the
 * synth manifest and the stacks' cross-stack references. --aws-only leaves out
 * stacks whose providers need a live cluster or Coder (helm, kubernetes,
 * coderd), for plans before anything is deployed.
 */
import { parseArgs } from 'node:util';
import { stackOrder } from './lib/stack-order.js';

const { values } = parseArgs({ options: { dir: { type: 'string', default: 'cdktf.out' }, 'aws-only': { type: 'boolean', default: false } } });
for (const stack of stackOrder(values.dir!, { awsOnly: values['aws-only'] })) console.log(stack);
