#!/usr/bin/env -S npx tsx
/**
 * npm run build [-- <docusaurus build flags>]: the whole pipeline.
 *
 *   diagrams (Chromium) ─┐
 *                        ├─→ docs (docusaurus build)
 *   synth + generate ────┘
 *
 * Diagrams and synthesis do not depend on each other and run side by side in
 * this process; the docs build needs both and runs as a child process. A
 * failure names its stage.
 */
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ConfigError } from '../iac/config/index.js';
import { paths } from './lib/paths.js';
import { diagramsStage, generateStage } from './lib/stages.js';

async function stage(name: string, run: () => Promise<string | void> | string | void): Promise<void> {
  const started = performance.now();
  try {
    const summary = await run();
    console.log(`build: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s${summary ? `: ${summary}` : ''}`);
  } catch (error) {
    const detail = error instanceof ConfigError ? error.message : (error as Error).message;
    throw new Error(`build: stage "${name}" failed: ${detail}`);
  }
}

function docusaurusBuild(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(paths.root, 'node_modules', '.bin', 'docusaurus'), ['build', ...args], { cwd: paths.root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docusaurus build exited with ${code}; its output is above`))));
  });
}

async function main() {
  // Start the browser work first: synthesis is synchronous and would delay its start.
  const diagrams = stage('diagrams', diagramsStage);
  await Promise.all([diagrams, stage('synth', async () => generateStage())]);
  await stage('docs', () => docusaurusBuild(process.argv.slice(2)));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
