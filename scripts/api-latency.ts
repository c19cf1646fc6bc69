#!/usr/bin/env -S npx tsx
/**
 * npm run api:latency -- [--url URL] [--requests N] [--concurrency C] [--output json:FILE]
 *
 * A latency baseline of the Coder API: N authenticated GETs of
 * /api/v2/users/me (CODER_URL, CODER_SESSION_TOKEN), C at a time, judged
 * against the API targets of scripts/lib/slo.ts. --output writes the requests
 * as scaletest harness results (one run per request), which
 * `npm run scaletest:report -- api=FILE` judges. Exit 1 on a miss or on any
 * failed request; 2 on bad usage.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { formatVerdicts, percentile, SLOS, verdict } from './lib/slo.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { url: { type: 'string' }, requests: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '10' }, output: { type: 'string' } } });
  const output = values.output === undefined ? undefined : /^json:(.+)$/.exec(values.output)?.[1];
  if (values.output !== undefined && !output) {
    console.error(`api:latency: --output ${values.output}: write --output json:<file>`);
    return 2;
  }
  const base = values.url ?? process.env.CODER_URL;
  const token = process.env.CODER_SESSION_TOKEN;
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  if (!base || !token || !Number.isInteger(requests) || requests < 1 || !Number.isInteger(concurrency) || concurrency < 1) {
    console.error('api:latency needs CODER_URL (or --url) and CODER_SESSION_TOKEN, and whole --requests and --concurrency of at least 1');
    return 2;
  }
  let url: URL;
  try {
    url = new URL('/api/v2/users/me', base);
  } catch {
    console.error(`api:latency: "${base}" is not a URL: give the access URL, e.g. https://coder.example.com`);
    return 2;
  }
  const durations: number[] = [];
  const failures: string[] = [];
  const runs: Array<{ full_id: string; test_name: string; started_at: string; duration_ms: number; error: string }> = [];
  const began = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      const id = next++;
      const startedAt = new Date().toISOString();
      const start = performance.now();
      let error = '<nil>';
      try {
        const res = await fetch(url, { headers: { 'Coder-Session-Token': token }, signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        if (!res.ok) error = `HTTP ${res.status}`;
      } catch (e) {
        error = (e as Error).message;
      }
      const took = performance.now() - start;
      if (error === '<nil>') durations.push(took);
      else failures.push(error);
      runs.push({ full_id: `api-latency/${id}`, test_name: 'api-latency', started_at: startedAt, duration_ms: Math.round(took), error });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
  if (output) {
    // The shape `coder exp scaletest --output json:` writes, with "<nil>" for a run that passed.
    const elapsedMs = Math.round(performance.now() - began);
    const results = { total_runs: runs.length, total_pass: durations.length, total_fail: failures.length, elapsed_ms: elapsedMs, runs: Object.fromEntries(runs.map((r) => [r.full_id, r])) };
    fs.writeFileSync(output, `${JSON.stringify(results, null, 2)}\n`);
  }
  const verdicts = [verdict('API P95', percentile(durations, 95), SLOS.apiP95Ms, 'ms'), verdict('API P99', percentile(durations, 99), SLOS.apiP99Ms, 'ms'), verdict('API requests failed', failures.length, 1, 'runs')];
  console.log(`api:latency: ${requests} GET ${url.pathname}, ${concurrency} at a time; P50 ${Math.round(percentile(durations, 50))} ms`);
  for (const line of formatVerdicts(verdicts)) console.log(line);
  if (failures.length) console.log(`first failure: ${failures[0]}`);
  return verdicts.every((v) => v.ok) ? 0 : 1;
}

main().then((code) => (process.exitCode = code));
