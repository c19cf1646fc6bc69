#!/usr/bin/env -S npx tsx
/**
 * npm run generate: synthesizes the stacks with the production profile (the
 * one the published guide shows) into cdktf.out, and writes the artifacts
 * under generated/ that the guide reads. Commit what it changes; the drift
 * gate checks it.
 */
import { ConfigError } from '../iac/config/index.js';
import { generateStage } from './lib/stages.js';

try {
  console.log(`generate: ${generateStage()}`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `generate failed: ${(error as Error).stack}`);
  process.exitCode = 1;
}
