#!/usr/bin/env -S npx tsx
/**
 * npm run scaletest:report -- <results.json> … (or pod=… ec2=… api=…)
 *
 * Reads the JSON `coder exp scaletest … --output json:<path>` writes, computes
 * percentiles and prints a pass/fail table against the SLOs. A file's kind
 * comes from its prefix, or else from its runs (create-workspaces builds,
 * api:latency requests) and, for builds, "pod" or "ec2" in its name. Every
 * target needs results: one with none fails. Exit codes: 0 every SLO met;
 * 1 an SLO missed; 2 bad usage, a malformed results file, or one whose kind
 * cannot be told.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { formatVerdicts } from './lib/slo.js';
import { classify, judge, parseResults, ReportError, type ResultKind } from './lib/scaletest.js';
import { runCli } from './lib/cli.js';

function main(argv: string[]): number {
  // The same results twice would count their runs twice (1000 concurrent from 500): refused by path and by content.
  const seenPaths = new Map<string, string>();
  const seenContent = new Map<string, string>();
  const inputs = argv.map((arg) => {
    const m = /^(pod|ec2|api)=(.+)$/.exec(arg);
    const file = m?.[2] ?? arg;
    if (!fs.existsSync(file)) throw new ReportError(`${file}: no such file`);
    const real = fs.realpathSync(file);
    if (seenPaths.has(real)) throw new ReportError(`${file}: given twice (also as ${seenPaths.get(real)}); each results file counts once`);
    seenPaths.set(real, file);
    const text = fs.readFileSync(file, 'utf8');
    const digest = crypto.createHash('sha256').update(text).digest('hex');
    if (seenContent.has(digest)) throw new ReportError(`${file}: the same results as ${seenContent.get(digest)}; each run of the scale test counts once`);
    seenContent.set(digest, file);
    const results = parseResults(file, text);
    return { kind: classify(file, results, m?.[1] as ResultKind | undefined), file, results };
  });
  for (const i of inputs) console.log(`${i.kind.padEnd(3)} ${i.file}: ${i.results.total_runs} run(s), ${i.results.total_pass} passed, ${i.results.total_fail} failed`);
  const verdicts = judge(inputs);
  console.log('');
  for (const line of formatVerdicts(verdicts)) console.log(line);
  const missed = verdicts.filter((v) => !v.ok);
  console.log(missed.length ? `\nscaletest: ${missed.length} target(s) missed` : '\nscaletest: every target met');
  return missed.length ? 1 : 0;
}

runCli(
  {
    command: 'npm run scaletest:report',
    synopsis: '-- [pod=|ec2=|api=]<results.json> …',
    description: 'Judges `coder exp scaletest --output json:` results against the SLOs. A file counts once; its kind comes from the prefix, or from its runs and name. Exit 1 when a target is missed, 2 on bad usage or a results file it refuses.',
    options: {},
    positionals: { min: 1, help: 'Results files: create-workspaces results of pod and EC2 templates, npm run api:latency results.' },
    example: 'npm run scaletest:report -- pod=create-pod.json ec2=create-ec2.json api=api.json',
  },
  ({ positionals }) => {
    try {
      return main(positionals);
    } catch (error) {
      if (!(error instanceof ReportError)) throw error;
      console.error(error.message);
      return 2;
    }
  },
);
