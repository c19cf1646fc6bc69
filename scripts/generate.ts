#!/usr/bin/env -S npx tsx
/**
 * npm run generate: synthesizes the stacks with the production profile (the
 * one the published guide shows) into cdktf.out, and writes the artifacts
 * under generated/ that the guide reads. Commit what it changes; the drift
 * gate checks it.
 */
import { ConfigError } from '../iac/config/index.js';
import { generateStage } from './lib/stages.js';
import { runCli } from './lib/cli.js';

runCli(
  {
    command: 'npm run generate',
    synopsis: '',
    description: 'Synthesizes the production profile into cdktf.out and writes generated/, the files the pages read (committed and drift-checked).',
    options: {},
    example: 'npm run generate && git diff --stat generated/',
  },
  () => {
    try {
      console.log(`generate: ${generateStage()}`);
      return 0;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(error.message);
      return 1;
    }
  },
);
