#!/usr/bin/env -S npx tsx
/**
 * npm run bench [-- --json]
 *
 * 1. Each stage alone, from clean (no diagram cache, no bundler cache):
 *    diagrams, synth, generate (synth + artifacts), docs build.
 * 2. The pipeline as `npm run build` runs it (stages overlapped), from clean,
 *    and 3. a bare `docusaurus build` of the same pages without the pipeline's
 *    own plugins (GUIDE_BARE=1), from a clean bundler cache: taken in turn,
 *    `--runs` times (3), because this machine's speed drifts by 10–20 % over
 *    minutes and a ratio of two figures taken apart would carry that drift.
 *    The figures are the medians; every sample is in the JSON. Then the
 *    pipeline once more with only the diagram cache warm.
 * 4. A warm rebuild: one line changed inside a region a page imports (an IaC
 *    region), `npm run build` again with every cache warm; the page must show
 *    the change (no stale cache). The file is restored afterwards.
 * ratio = clean pipeline / bare build. Targets (benchmark, not test):
 * ratio ≤ 1.5; synth ≤ 1.5 s; warm rebuild ≤ 0.3 of the clean pipeline. It
 * clears node_modules/.cache/rspack and the diagram cache, so the next build
 * starts cold.
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
  options: {
    json: { type: 'boolean' as const, default: false, help: 'print one JSON object instead of the table' },
    runs: { type: 'string' as const, default: '3', value: '<n>', help: 'cold pipeline and bare build pairs, taken in turn (1–9)' },
  },
  example: 'npm run bench -- --json > bench.json',
};
let values = { json: false, runs: 3 };
/** The middle sample by `key` (the upper one of an even count). */
const medianBy = <T,>(xs: T[], key: (x: T) => number): T => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;
/** Issue #16's targets for the pipeline (the page targets are LIGHTHOUSE_TARGETS). */
const TARGETS = { ratio: 1.5, synthSeconds: 1.5, rebuildRatio: 0.3 };
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

/** The region the warm rebuild changes, and the built page that shows it. */
const REBUILD = { file: 'iac/stacks/coder-stack.ts', after: '    // #region coder-license\n', page: 'deploy/coder-day2.html' };

/** Adds one line inside an imported region, rebuilds with every cache warm, checks the page shows it, restores the file. */
function warmRebuild() {
  const file = path.join(paths.root, REBUILD.file);
  const original = fs.readFileSync(file, 'utf8');
  if (!original.includes(REBUILD.after)) throw new Error(`bench: ${REBUILD.file} has no "${REBUILD.after.trim()}" to change`);
  const marker = `benchmark-change-${process.pid}`;
  try {
    fs.writeFileSync(file, original.replace(REBUILD.after, `${REBUILD.after}    // ${marker}\n`));
    const out = path.join(benchDir, 'rebuild');
    const result = timed('rebuild', process.execPath, ['--enable-source-maps', 'scripts/lib/run-compiled.mjs', 'scripts/build.ts', '--out-dir', out]);
    const html = fs.readFileSync(path.join(out, REBUILD.page), 'utf8');
    if (!html.includes(marker)) throw new Error(`bench: the rebuilt ${REBUILD.page} does not show the changed line (a stale cache)`);
    return result;
  } finally {
    fs.writeFileSync(file, original);
  }
}

async function main() {
  if (!values.json) console.error('bench: each stage alone, from clean');
  fs.rmSync(benchDir, { recursive: true, force: true });
  clean();
  const diagrams = timed('diagrams', bin('tsx'), ['scripts/render-diagrams.ts']);
  // As npm run synth runs it: from the bundle compiled once (the first run after a source change compiles it).
  fs.rmSync(path.join(paths.root, 'node_modules/.cache/guide-compiled'), { recursive: true, force: true });
  const runSynth = ['--enable-source-maps', 'scripts/lib/run-compiled.mjs', 'scripts/synth.ts', '--report'];
  const synthCompiling = timed('synth (compiling)', process.execPath, runSynth);
  const synth = timed('synth', process.execPath, runSynth);
  const report = JSON.parse(synth.stdout.trim().split('\n').at(-1)!) as { seconds: number; peakRssMiB: number };
  const generate = timed('generate', bin('tsx'), ['scripts/generate.ts']);
  const docs = timed('docs', bin('docusaurus'), ['build', '--out-dir', path.join(benchDir, 'stage')]);

  if (!values.json) console.error(`bench: npm run build from clean and the bare build, in turn, ${values.runs} time(s)`);
  const pipelines: Array<{ seconds: number; stdout: string }> = [];
  const bares: number[] = [];
  for (let run = 0; run < values.runs; run++) {
    clean();
    pipelines.push(timed('pipeline', process.execPath, ['--enable-source-maps', 'scripts/lib/run-compiled.mjs', 'scripts/build.ts', '--out-dir', path.join(benchDir, 'full')]));
    clean({ keepDiagramCache: true });
    bares.push(timed('bare', bin('docusaurus'), ['build', '--out-dir', path.join(benchDir, 'bare')], { GUIDE_BARE: '1' }).seconds);
  }
  const pipeline = medianBy(pipelines, (p) => p.seconds);
  const bare = { seconds: medianBy(bares, (b) => b) };

  if (!values.json) console.error('bench: npm run build with the diagram cache warm');
  clean({ keepDiagramCache: true });
  const warm = timed('pipeline*', process.execPath, ['--enable-source-maps', 'scripts/lib/run-compiled.mjs', 'scripts/build.ts', '--out-dir', path.join(benchDir, 'warm')]);

  if (!values.json) console.error('bench: a one-line change in an imported IaC region, rebuilt with the caches warm');
  const rebuild = warmRebuild();

  const full = pipeline.seconds;
  // The stages inside the cold pipeline, as npm run build reports them (they overlap: diagrams beside synth and docs).
  const stagesOf = (stdout: string) => Object.fromEntries([...stdout.matchAll(/^build: (\w+) done in ([\d.]+) s/gm)].map((m) => [m[1]!, Number(m[2])]));
  const figures = {
    seconds: {
      diagrams: diagrams.seconds,
      synth: synth.seconds,
      synthCompiling: synthCompiling.seconds,
      synthInProcess: report.seconds,
      generate: generate.seconds,
      docs: docs.seconds,
      full,
      fullWarmDiagrams: warm.seconds,
      bare: bare.seconds,
      rebuild: rebuild.seconds,
    },
    samples: { full: pipelines.map((p) => p.seconds), bare: bares, pairedRatios: pipelines.map((p, i) => p.seconds / bares[i]!) },
    pipelineStages: stagesOf(pipeline.stdout),
    rebuildStages: stagesOf(rebuild.stdout),
    synthPeakRssMiB: report.peakRssMiB,
    ratio: full / bare.seconds,
    // Against the docs build of the same pages with their code imported (the docs stage alone): what
    // the pipeline itself adds, without the imported code's own rendering cost.
    ratioAgainstDocs: full / docs.seconds,
    ratioWarmDiagrams: warm.seconds / bare.seconds,
    rebuildRatio: rebuild.seconds / full,
    targets: TARGETS,
    met: { ratio: full / bare.seconds <= TARGETS.ratio, synth: synth.seconds <= TARGETS.synthSeconds, rebuild: rebuild.seconds / full <= TARGETS.rebuildRatio },
  };
  if (!values.json) console.error('bench: Lighthouse on the built overview and architecture pages');
  const lighthouse = await measurePages(path.join(benchDir, 'full'), ['/', '/understand/architecture']);
  const pageMet = (l: (typeof lighthouse)[number]) => l.performance >= LIGHTHOUSE_TARGETS.performance && l.accessibility >= LIGHTHOUSE_TARGETS.accessibility;
  const output = {
    ...figures,
    lighthouse,
    lighthouseTargets: LIGHTHOUSE_TARGETS,
    met: {
      ...figures.met,
      lighthouseMobile: lighthouse.filter((l) => l.preset === 'mobile').every(pageMet),
      javascript: lighthouse.every((l) => l.jsBytes / 1024 <= LIGHTHOUSE_TARGETS.jsKiB),
    },
  };
  fs.rmSync(benchDir, { recursive: true, force: true });
  if (values.json) {
    console.log(JSON.stringify(output));
  } else {
    console.log(`full pipeline ${full.toFixed(2)} s vs bare build ${bare.seconds.toFixed(2)} s (medians of ${values.runs}, taken in turn): ratio ${figures.ratio.toFixed(2)} (target ≤ ${TARGETS.ratio}${figures.met.ratio ? ', met' : ', NOT met'})`);
    console.log(`  against the docs build of the same pages with their code (${docs.seconds.toFixed(2)} s): ${figures.ratioAgainstDocs.toFixed(2)}`);
    console.log(`  inside it (overlapping): ${Object.entries(figures.pipelineStages).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}`);
    console.log(`with the diagram cache warm: ${warm.seconds.toFixed(2)} s, ratio ${figures.ratioWarmDiagrams.toFixed(2)}`);
    console.log(`warm rebuild after a one-line change in ${REBUILD.file}: ${rebuild.seconds.toFixed(2)} s, ${figures.rebuildRatio.toFixed(2)} of the clean pipeline (target ≤ ${TARGETS.rebuildRatio}${figures.met.rebuild ? ', met' : ', NOT met'}); the page showed the change`);
    for (const l of lighthouse) {
      console.log(`lighthouse ${l.preset} ${l.page}: performance ${l.performance} (target ≥ ${LIGHTHOUSE_TARGETS.performance}), accessibility ${l.accessibility} (target ${LIGHTHOUSE_TARGETS.accessibility}), JavaScript ${(l.jsBytes / 1024).toFixed(0)} KiB (target ≤ ${LIGHTHOUSE_TARGETS.jsKiB})${l.accessibilityFailures.length ? `; failing: ${l.accessibilityFailures.join(', ')}` : ''}`);
    }
    console.log(`synth ${synth.seconds.toFixed(2)} s wall (${report.seconds.toFixed(2)} s in process; ${synthCompiling.seconds.toFixed(2)} s on the first run after a source change, which compiles it), peak RSS ${report.peakRssMiB.toFixed(0)} MiB (target ≤ ${TARGETS.synthSeconds} s${figures.met.synth ? ', met' : ', NOT met'})`);
  }
}

runCli(BENCH_CLI, async (parsed) => {
  const runs = /^[1-9]$/.test(String(parsed.values.runs)) ? Number(parsed.values.runs) : Number.NaN;
  if (Number.isNaN(runs)) {
    console.error(`bench: --runs ${String(parsed.values.runs)}: give a whole number from 1 to 9 (each pair takes about 15 s)`);
    return 2;
  }
  values = { json: parsed.values.json === true, runs };
  try {
    await main();
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
});
