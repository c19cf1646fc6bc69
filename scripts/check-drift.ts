#!/usr/bin/env -S npx tsx
/**
 * npm run check:drift [-- --root DIR] [--format text|github]
 *
 * Exit codes: 0 no drift; 1 drift found (one line per problem on stdout);
 * 2 the check itself could not run (for example the config does not validate).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkDrift, COMMITTED_PROFILE, formatProblem } from './lib/drift.js';
import { paths } from './lib/paths.js';
import { composedDrift } from '../templates/compose/all.js';
import { loadDeployment } from '../iac/deployment.js';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: paths.root },
    format: { type: 'string', default: process.env.GITHUB_ACTIONS === 'true' ? 'github' : 'text' },
  },
});

const format = values.format === 'github' ? 'github' : 'text';
async function main(): Promise<void> {
  try {
    const rootDir = path.resolve(values.root!);
    const problems = checkDrift({ rootDir });
    // Composed templates (templates/composed) are committed too: the coder stack pushes them.
    for (const p of await composedDrift(rootDir, loadDeployment(COMMITTED_PROFILE))) problems.push({ kind: 'stale-artifact', file: p.file, line: 1, message: p.message });
    for (const problem of problems) console.log(formatProblem(problem, format));
    if (problems.length) {
      console.error(`check:drift: ${problems.length} problem(s): docs and the code they show have drifted apart`);
      process.exitCode = 1;
    } else {
      console.log('check:drift: docs, imports and generated artifacts agree');
    }
  } catch (error) {
    console.error(`check:drift could not run: ${(error as Error).message}`);
    process.exitCode = 2;
  }
}

void main();
