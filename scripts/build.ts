#!/usr/bin/env -S npx tsx
/**
 * npm run build [-- <docusaurus build flags>]: the whole pipeline.
 *
 *   diagrams (Chromium) ───────────────────────────┐ marker
 *   synth + generate ──→ docs (docusaurus build) ──┴─→ pages that show a diagram
 *
 * Diagrams and synthesis do not depend on each other and run side by side in
 * this process. The docs build needs what synthesis generates, and starts as
 * soon as it is there, as a child process; it needs the diagrams only when it
 * resolves the images of the pages that show one, and those pages wait for a
 * marker the diagrams stage writes (src/diagrams/remark-await-diagrams.ts),
 * so Chromium and the bundler work at the same time. A failure names its stage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { DIAGRAMS_READY } from '../src/diagrams/ready-marker.js';
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

function docusaurusBuild(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(paths.root, 'node_modules', '.bin', 'docusaurus'), ['build', ...args], { cwd: paths.root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docusaurus build exited with ${code}; its output is above`))));
  });
}

async function main() {
  const marker = path.join(paths.root, '.generated', `diagrams-ready-${process.pid}`);
  fs.mkdirSync(path.dirname(marker), { recursive: true });
  fs.rmSync(marker, { force: true });
  try {
    // Start the browser work first: synthesis is synchronous and would delay its start.
    const diagrams = stage('diagrams', diagramsStage).then(
      () => fs.writeFileSync(marker, DIAGRAMS_READY),
      (error: Error) => {
        fs.writeFileSync(marker, `failed: ${error.message}`);
        throw error;
      },
    );
    // If synthesis fails the docs never start: the pending diagrams finish (or fail) on their own.
    const synth = stage('synth', async () => generateStage());
    await synth.catch(async (error) => {
      await diagrams.catch(() => undefined);
      throw error;
    });
    const docs = stage('docs', () => docusaurusBuild(process.argv.slice(2), { GUIDE_DIAGRAMS_READY: marker }));
    // The diagrams' own failure first: the docs then fail only for want of them.
    const [d, b] = await Promise.allSettled([diagrams, docs]);
    if (d.status === 'rejected') throw d.reason;
    if (b.status === 'rejected') throw b.reason;
  } finally {
    fs.rmSync(marker, { force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
