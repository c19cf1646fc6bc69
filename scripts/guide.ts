#!/usr/bin/env -S npx tsx
/**
 * npm run guide -- list
 * npm run guide -- plan [--from N] [--only N] [--profile P]
 * npm run guide -- run [--from N] [--only N] [--dry-run] [--yes] [--profile P]
 *
 * Steps are the guide's snippets (snippets/), run exactly as the pages show
 * them. Exit codes: 0 done; 1 a step or a precondition failed (the message
 * names the step, the command and the page to read); 2 bad usage; 130
 * interrupted (run again to resume).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../iac/config/index.js';
import { loadDeployment } from '../iac/deployment.js';
import { GuideError, listSteps, planSteps, runSteps } from './lib/guide/runner.js';
import { paths } from './lib/paths.js';

const USAGE = 'usage: npm run guide -- list | plan [--from N] [--only N] [--profile P] | run [--from N] [--only N] [--dry-run] [--yes] [--profile P]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      only: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      profile: { type: 'string', default: process.env.GUIDE_PROFILE ?? 'production' },
      root: { type: 'string', default: paths.root },
    },
  });
  const [command] = positionals;
  const root = path.resolve(values.root!);
  if (command === 'list') {
    for (const line of listSteps()) console.log(line);
    return 0;
  }
  if (command !== 'plan' && command !== 'run') {
    console.error(USAGE);
    return 2;
  }
  const deployment = loadDeployment(values.profile!);
  const selection = { ...(values.from !== undefined ? { from: values.from } : {}), ...(values.only !== undefined ? { only: values.only } : {}) };
  if (command === 'plan' || values['dry-run']) {
    for (const line of planSteps({ root, profile: values.profile!, deployment, ...selection })) console.log(line);
    console.log('\nguide: plan only; nothing was run');
    return 0;
  }
  const backoffScale = scale('GUIDE_BACKOFF_SCALE');
  const timeoutScale = scale('GUIDE_TIMEOUT_SCALE');
  return runSteps({ root, profile: values.profile!, deployment, yes: values.yes!, ...selection, ...(backoffScale !== undefined ? { backoffScale } : {}), ...(timeoutScale !== undefined ? { timeoutScale } : {}) });
}

/** A positive number from the environment, or undefined when unset; anything else is a usage error naming the variable. */
function scale(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new GuideError(`${name}=${raw} is not a positive number (it multiplies each step's time limit or backoff; unset it for the defaults)`, 2);
  return value;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof GuideError) {
      console.error(error.message);
      process.exitCode = error.exitCode;
    } else if (error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = 1;
    } else {
      console.error(`guide: ${(error as Error).message}`);
      process.exitCode = 2;
    }
  },
);
