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
import fs from 'node:fs';
import path from 'node:path';
import { runCli, usageLine, type CliSpec, type Parsed } from './lib/cli.js';
import { ConfigError } from '../iac/config/index.js';
import { loadDeployment } from '../iac/deployment.js';
import { GuideError, listSteps, planSteps, runSteps } from './lib/guide/runner.js';
import { paths } from './lib/paths.js';


async function main(parsed: Parsed): Promise<number> {
  const values = parsed.values as { from?: string; only?: string; 'dry-run': boolean; yes: boolean; profile: string; root: string };
  const [command] = parsed.positionals;
  const root = path.resolve(values.root!);
  if (!fs.existsSync(path.join(root, 'generated', 'guide.env'))) throw new GuideError(`--root ${root}: not a clone of the guide (no generated/guide.env there)`, 2);
  if (command === 'list') {
    for (const line of listSteps()) console.log(line);
    return 0;
  }
  if (command !== 'plan' && command !== 'run') {
    console.error(usageLine(GUIDE_CLI));
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

const GUIDE_CLI: CliSpec = {
  command: 'npm run guide',
  synopsis: '-- list | plan [--from N] [--only N] [--profile P] | run [--from N] [--only N] [--dry-run] [--yes] [--profile P]',
  description: "Runs the guide's steps (the snippets the pages show) in order, with preconditions, retries and a state file in .guide/ to resume. Exit 1 when a step or precondition fails, 2 on bad usage, 130 when interrupted.",
  options: {
    from: { type: 'string', value: '<n|id>', help: 'start at this step' },
    only: { type: 'string', value: '<n|id>', help: 'run this step alone' },
    'dry-run': { type: 'boolean', default: false, help: 'print the plan, run nothing' },
    yes: { type: 'boolean', default: false, help: 'do not ask before a step that changes infrastructure' },
    profile: { type: 'string', default: process.env.GUIDE_PROFILE ?? 'production', value: '<profile>', help: 'the deployment profile' },
    root: { type: 'string', default: paths.root, value: '<dir>', help: 'the repository the steps run in' },
  },
  positionals: { max: 1, help: 'list: the steps; plan: what would run, with the values; run: run them.' },
  example: 'npm run guide -- run --from network --yes',
};

runCli(
  GUIDE_CLI,
  async (parsed) => {
    try {
      return await main(parsed);
    } catch (error) {
      if (error instanceof GuideError) {
        console.error(error.message);
        return error.exitCode;
      }
      if (error instanceof ConfigError) {
        console.error(error.message);
        return 1;
      }
      console.error(`guide: ${(error as Error).message}`);
      return 2;
    }
  },
);
