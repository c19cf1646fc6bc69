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
  const selection = { ...(values.from ? { from: values.from } : {}), ...(values.only ? { only: values.only } : {}) };
  if (command === 'plan' || values['dry-run']) {
    for (const line of planSteps({ root, profile: values.profile!, deployment, ...selection })) console.log(line);
    console.log('\nguide: plan only; nothing was run');
    return 0;
  }
  return runSteps({ root, profile: values.profile!, deployment, yes: values.yes!, ...selection, ...(process.env.GUIDE_BACKOFF_SCALE ? { backoffScale: Number(process.env.GUIDE_BACKOFF_SCALE) } : {}), ...(process.env.GUIDE_TIMEOUT_SCALE ? { timeoutScale: Number(process.env.GUIDE_TIMEOUT_SCALE) } : {}) });
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
