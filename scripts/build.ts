#!/usr/bin/env -S npx tsx
/**
 * npm run build [-- --out-dir DIR]: the whole pipeline, in order:
 * diagrams → synth + generated artifacts → docusaurus build.
 * Each stage runs as its own process so that a failure names its stage.
 */
import { $ } from 'zx';
import { paths } from './lib/paths.js';

$.cwd = paths.root;
$.verbose = true;

const extra = process.argv.slice(2);

const stages: Array<[string, () => Promise<unknown>]> = [
  ['diagrams', () => $`npx tsx scripts/render-diagrams.ts`],
  ['synth', () => $`npx tsx scripts/generate.ts`],
  ['docs', () => $`npx docusaurus build ${extra}`],
];

async function main() {
  for (const [name, run] of stages) {
    const started = performance.now();
    try {
      await run();
    } catch {
      console.error(`build: stage "${name}" failed (see its output above)`);
      process.exit(1);
    }
    console.log(`build: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

void main();
