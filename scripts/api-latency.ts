#!/usr/bin/env -S npx tsx
/**
 * npm run api:latency -- [--url URL] [--requests N] [--concurrency C]
 *
 * A latency baseline of the Coder API: N authenticated GETs of
 * /api/v2/users/me (CODER_URL, CODER_SESSION_TOKEN), C at a time, judged
 * against the SLOs (P95 < 500 ms, P99 < 1 s). Exit 1 on a miss or on any
 * failed request; 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import { formatVerdicts, percentile, SLOS, verdict } from './lib/slo.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { url: { type: 'string' }, requests: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '10' } } });
  const base = values.url ?? process.env.CODER_URL;
  const token = process.env.CODER_SESSION_TOKEN;
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  if (!base || !token || !Number.isInteger(requests) || requests < 1 || !Number.isInteger(concurrency) || concurrency < 1) {
    console.error('api:latency needs CODER_URL (or --url) and CODER_SESSION_TOKEN, and whole --requests and --concurrency of at least 1');
    return 2;
  }
  const url = new URL('/api/v2/users/me', base);
  const durations: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      next++;
      const start = performance.now();
      try {
        const res = await fetch(url, { headers: { 'Coder-Session-Token': token }, signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        if (!res.ok) failures.push(`HTTP ${res.status}`);
        else durations.push(performance.now() - start);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
  const verdicts = [verdict('API P95', percentile(durations, 95), SLOS.apiP95Ms, 'ms'), verdict('API P99', percentile(durations, 99), SLOS.apiP99Ms, 'ms'), verdict('failed requests', failures.length, 1, 'runs')];
  console.log(`api:latency: ${requests} GET ${url.pathname}, ${concurrency} at a time; P50 ${Math.round(percentile(durations, 50))} ms`);
  for (const line of formatVerdicts(verdicts)) console.log(line);
  if (failures.length) console.log(`first failure: ${failures[0]}`);
  return verdicts.every((v) => v.ok) ? 0 : 1;
}

main().then((code) => (process.exitCode = code));
