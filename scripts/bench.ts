#!/usr/bin/env -S npx tsx
/**
 * npm run bench [-- --json]
 *
 * 1. Each stage alone, from clean (no diagram cache, no bundler cache):
 *    diagrams, synth, generate (synth + artifacts), docs build.
 * 2. The pipeline as `npm run build` runs it (stages overlapped), from clean,
 *    and again with only the diagram cache warm.
 * 3. A bare `docusaurus build` of the same pages without the pipeline's own
 *    plugins (GUIDE_BARE=1), from a clean bundler cache.
 * ratio = clean pipeline / bare build. Targets (benchmark, not test):
 * ratio ≤ 1.5; synth ≤ 1.5 s. It clears node_modules/.cache/rspack and the
 * diagram cache, so the next build starts cold.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from './lib/cli.js';
import { paths } from './lib/paths.js';
import { LIGHTHOUSE_TARGETS, measurePages } from './lib/lighthouse.js';

const BENCH_CLI = {
  command: 'npm run bench',
  synopsis: '[-- --json]',
  description: 'Times each stage from clean and a bare Docusaurus build of the same pages, then runs Lighthouse on the overview and architecture pages.',
  options: { json: { type: 'boolean' as const, default: false, help: 'print one JSON object instead of the table' } },
  example: 'npm run bench -- --json > bench.json',
};
let values = { json: false };
const bin = (name: string) => path.join(paths.root, 'node_modules', '.bin', name);
const benchDir = path.join(paths.root, '.bench');

function timed(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const started = performance.now();
  const result = spawnSync(cmd, args, { cwd: paths.root, encoding: 'utf8', env: { ...process.env, ...env } });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error(`bench: ${label} failed (exit ${result.status})`);
  }
  if (!values.json) console.error(`  ${label.padEnd(10)} ${seconds.toFixed(2)} s`);
  return { seconds, stdout: result.stdout };
}

function clean({ keepDiagramCache = false } = {}) {
  const dirs = [path.join(paths.root, 'node_modules/.cache/rspack'), path.join(paths.root, '.docusaurus')];
  if (!keepDiagramCache) dirs.push(paths.diagramCache);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
}

async function main() {
  if (!values.json) console.error('bench: each stage alone, from clean');
  fs.rmSync(benchDir, { recursive: true, force: true });
  clean();
  const diagrams = timed('diagrams', bin('tsx'), ['scripts/render-diagrams.ts']);
  const synth = timed('synth', bin('tsx'), ['scripts/synth.ts', '--report']);
  const report = JSON.parse(synth.stdout.trim().split('\n').at(-1)!) as { seconds: number; peakRssMiB: number };
  const generate = timed('generate', bin('tsx'), ['scripts/generate.ts']);
  const docs = timed('docs', bin('docusaurus'), ['build', '--out-dir', path.join(benchDir, 'stage')]);

  if (!values.json) console.error('bench: npm run build, from clean, then with the diagram cache warm');
  clean();
  const pipeline = timed('pipeline', bin('tsx'), ['scripts/build.ts', '--out-dir', path.join(benchDir, 'full')]);
  clean({ keepDiagramCache: true });
  const warm = timed('pipeline*', bin('tsx'), ['scripts/build.ts', '--out-dir', path.join(benchDir, 'warm')]);

  if (!values.json) console.error('bench: bare docusaurus build of the same pages');
  clean({ keepDiagramCache: true });
  const bare = timed('bare', bin('docusaurus'), ['build', '--out-dir', path.join(benchDir, 'bare')], { GUIDE_BARE: '1' });

  const full = pipeline.seconds;
  const figures = {
    seconds: {
      diagrams: diagrams.seconds,
      synth: synth.seconds,
      synthInProcess: report.seconds,
      generate: generate.seconds,
      docs: docs.seconds,
      full,
      fullWarmDiagrams: warm.seconds,
      bare: bare.seconds,
    },
    synthPeakRssMiB: report.peakRssMiB,
    ratio: full / bare.seconds,
    ratioWarmDiagrams: warm.seconds / bare.seconds,
    targets: { ratio: 1.5, synthSeconds: 1.5 },
    met: { ratio: full / bare.seconds <= 1.5, synth: synth.seconds <= 1.5 },
  };
  if (!values.json) console.error('bench: Lighthouse on the built overview and architecture pages');
  const lighthouse = await measurePages(path.join(benchDir, 'full'), ['/', '/understand/architecture']);
  const output = { ...figures, lighthouse, lighthouseTargets: LIGHTHOUSE_TARGETS };
  fs.rmSync(benchDir, { recursive: true, force: true });
  if (values.json) {
    console.log(JSON.stringify(output));
  } else {
    console.log(`full pipeline ${full.toFixed(2)} s vs bare build ${bare.seconds.toFixed(2)} s: ratio ${figures.ratio.toFixed(2)} (target ≤ 1.5${figures.met.ratio ? ', met' : ', NOT met'})`);
    console.log(`with the diagram cache warm: ${warm.seconds.toFixed(2)} s, ratio ${figures.ratioWarmDiagrams.toFixed(2)}`);
    for (const l of lighthouse) {
      console.log(`lighthouse ${l.preset} ${l.page}: performance ${l.performance} (target ≥ ${LIGHTHOUSE_TARGETS.performance}), accessibility ${l.accessibility} (target ${LIGHTHOUSE_TARGETS.accessibility}), JavaScript ${(l.jsBytes / 1024).toFixed(0)} KiB${l.accessibilityFailures.length ? `; failing: ${l.accessibilityFailures.join(', ')}` : ''}`);
    }
    console.log(`synth ${synth.seconds.toFixed(2)} s wall (${report.seconds.toFixed(2)} s in process), peak RSS ${report.peakRssMiB.toFixed(0)} MiB (target ≤ 1.5 s${figures.met.synth ? ', met' : ', NOT met'})`);
  }
}

runCli(BENCH_CLI, async (parsed) => {
  values = { json: parsed.values.json === true };
  try {
    await main();
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
});
