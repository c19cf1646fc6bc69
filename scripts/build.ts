#!/usr/bin/env -S npx tsx
/**
 * npm run build [-- <docusaurus build flags>]: the whole pipeline.
 *
 *   docs (docusaurus build) ─ start-up ─┬─ config ─────────┬─ pages that show a diagram ─→
 *   synth + generate ───────── marker ──┘                  │
 *   diagrams (Chromium) ─────────────────────── marker ────┘
 *
 * All three start at once. The docs build runs as a child process; its
 * start-up overlaps synthesis, and its config waits for the marker synthesis
 * writes before anything reads generated/ (docusaurus.config.ts); the pages
 * that show a diagram wait for the diagrams stage's marker before their images
 * are resolved (src/diagrams/remark-await-diagrams.ts), so Chromium and the
 * bundler work at the same time. A failure names its stage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { DIAGRAMS_STAGE, MARKER_OK, SYNTH_STAGE } from '../src/pipeline/stage-markers.js';
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
  const markers = { diagrams: path.join(paths.root, '.generated', `diagrams-ready-${process.pid}`), generated: path.join(paths.root, '.generated', `generated-ready-${process.pid}`) };
  fs.mkdirSync(path.dirname(markers.diagrams), { recursive: true });
  for (const m of Object.values(markers)) fs.rmSync(m, { force: true });
  const signal = (marker: string) => (work: Promise<void>) =>
    work.then(
      () => fs.writeFileSync(marker, MARKER_OK),
      (error: Error) => {
        fs.writeFileSync(marker, `failed: ${error.message}`);
        throw error;
      },
    );
  try {
    // The docs build first: its start-up (node, Docusaurus, plugins) overlaps synthesis, and its
    // config waits for generated/ before anything reads it. Then the browser work, then synthesis
    // (synchronous; it would delay the others' start).
    const docs = stage('docs', () => docusaurusBuild(process.argv.slice(2), { [DIAGRAMS_STAGE.env]: markers.diagrams, [SYNTH_STAGE.env]: markers.generated }));
    const diagrams = signal(markers.diagrams)(stage('diagrams', diagramsStage));
    const synth = signal(markers.generated)(stage('synth', async () => generateStage()));
    // A stage's own failure first: the docs then fail only for want of its output.
    const [s, d, b] = await Promise.allSettled([synth, diagrams, docs]);
    if (s.status === 'rejected') throw s.reason;
    if (d.status === 'rejected') throw d.reason;
    if (b.status === 'rejected') throw b.reason;
  } finally {
    for (const m of Object.values(markers)) fs.rmSync(m, { force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
