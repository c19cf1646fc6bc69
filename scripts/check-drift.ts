#!/usr/bin/env -S npx tsx
/**
 * npm run check:drift [-- --root DIR] [--format text|github]
 *
 * Exit codes: 0 no drift; 1 drift found (one line per problem on stdout);
 * 2 the check itself could not run (for example the config does not validate).
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkDrift, COMMITTED_PROFILE, formatProblem } from './lib/drift.js';
import { paths } from './lib/paths.js';
import { CliUsageError, runCli } from './lib/cli.js';
import { composedDrift } from '../templates/compose/all.js';
import { releaseHistoryProblem } from '../templates/compose/layer-releases.js';
import { loadDeployment } from '../iac/deployment.js';

runCli(
  {
    command: 'npm run check:drift',
    synopsis: '[-- --format text|github] [--root DIR]',
    description: 'Fails on pasted code in docs/, broken imports, or stale generated/ and templates/composed/ files; one line per problem.',
    options: {
      format: { type: 'string', default: process.env.GITHUB_ACTIONS === 'true' ? 'github' : 'text', value: 'text|github', help: 'github prints workflow annotations' },
      root: { type: 'string', default: paths.root, value: '<dir>', help: 'the repository to check' },
    },
    example: 'npm run check:drift -- --format github',
  },
  async ({ values }) => {
    if (values.format !== 'text' && values.format !== 'github') throw new CliUsageError(`--format ${values.format}: one of text, github`);
    const root = path.resolve(values.root as string);
    if (!fs.existsSync(path.join(root, 'docs')) || !fs.existsSync(path.join(root, 'generated'))) {
      console.error(`check:drift: --root ${root}: not a clone of the guide (no docs/ and generated/ there)`);
      return 2;
    }
    return main(path.resolve(values.root as string), values.format);
  },
);

async function main(rootDir: string, format: 'text' | 'github'): Promise<number> {
  try {
    const problems = checkDrift({ rootDir });
    // Composed templates (templates/composed) are committed too: the coder stack pushes them. They
    // are composed from releases read from git history; a clone without it fails here with the fix
    // (git fetch --unshallow), unless GUIDE_RELEASE_HISTORY=skip says to skip that part, loudly
    // (.ci/run sets it only when the history could not be fetched).
    const unreadable = releaseHistoryProblem(rootDir);
    if (unreadable && process.env.GUIDE_RELEASE_HISTORY === 'skip') {
      console.error(`*** SKIPPED: check:drift of templates/composed and the template releases: ${unreadable} (GUIDE_RELEASE_HISTORY=skip)`);
    } else if (unreadable) {
      // One line with the fix, not one per release: nothing can be composed without the history.
      problems.push({ kind: 'stale-artifact', file: 'templates', line: 1, message: `the template releases cannot be read, so templates/composed cannot be checked: ${unreadable}` });
    } else {
      for (const p of await composedDrift(rootDir, loadDeployment(COMMITTED_PROFILE))) problems.push({ kind: 'stale-artifact', file: p.file, line: 1, message: p.message });
    }
    for (const problem of problems) console.log(formatProblem(problem, format));
    if (problems.length) {
      console.error(`check:drift: ${problems.length} problem(s): docs and the code they show have drifted apart`);
      return 1;
    }
    console.log('check:drift: docs, imports and generated artifacts agree');
    return 0;
  } catch (error) {
    console.error(`check:drift could not run: ${(error as Error).message}`);
    return 2;
  }
}
