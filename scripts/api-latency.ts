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
import path from 'node:path';
import { runCli, type Parsed } from './lib/cli.js';
import { formatVerdicts, percentile } from './lib/slo.js';
import { apiVerdicts, runFailed, type HarnessResults } from './lib/scaletest.js';

/** Why `file` cannot be written, or undefined: its folder must exist and be writable, and it must not be a folder. */
function unwritable(file: string): string | undefined {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) return `the folder ${dir} does not exist`;
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) return 'is a folder';
  try {
    fs.accessSync(fs.existsSync(file) ? file : dir, fs.constants.W_OK);
  } catch {
    return `${fs.existsSync(file) ? file : dir} is not writable`;
  }
  return undefined;
}

/** What a failed fetch means, in words, with the URL: refused, no such host, TLS, timeout. */
function whyFailed(error: unknown, url: URL): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? '';
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timed out after 10 s waiting for ${url.origin}`;
  if (code === 'ECONNREFUSED') return `connection refused by ${url.host} (nothing listens there)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `no such host: ${url.hostname} (DNS)`;
  if (code === 'ECONNRESET') return `connection reset by ${url.host}`;
  if (/CERT|SSL|TLS/i.test(code) || /certificate|TLS/i.test(e.cause?.message ?? '')) return `TLS failed with ${url.host}: ${e.cause?.message ?? code}`;
  return `${e.message}${e.cause?.message ? `: ${e.cause.message}` : ''} (${url.origin})`;
}

async function main({ values: raw }: Parsed): Promise<number> {
  const values = raw as { url?: string; requests: string; concurrency: string; output?: string };
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
  // Before the first request: a place the results cannot be written would lose every measurement.
  if (output) {
    const problem = unwritable(output);
    if (problem) {
      console.error(`api:latency: --output json:${output}: ${problem}`);
      return 2;
    }
  }
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
        error = whyFailed(e, url);
      }
      const took = performance.now() - start;
      runs.push({ full_id: `api-latency/${id}`, test_name: 'api-latency', started_at: startedAt, duration_ms: Math.round(took), error });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
  // The shape `coder exp scaletest --output json:` writes, with "<nil>" for a run that passed; the
  // report judges it with the same API targets as here.
  const failures = runs.filter(runFailed);
  const results: HarnessResults = { total_runs: runs.length, total_pass: runs.length - failures.length, total_fail: failures.length, elapsed_ms: Math.round(performance.now() - began), runs };
  const verdicts = apiVerdicts([results]);
  const answered = runs.filter((r) => !runFailed(r)).map((r) => r.duration_ms);
  // Nothing measured: no percentiles, and what went wrong, once.
  if (answered.length === 0) console.error(`api:latency: none of ${requests} GET ${url.href} succeeded: ${failures[0]?.error ?? 'no request ran'}`);
  else console.log(`api:latency: ${requests} GET ${url.pathname}, ${concurrency} at a time; P50 ${Math.round(percentile(answered, 50))} ms`);
  for (const line of formatVerdicts(verdicts)) console.log(line);
  if (failures.length) console.log(`first failure: ${failures[0]!.error}`);
  if (output) {
    try {
      fs.writeFileSync(output, `${JSON.stringify({ ...results, runs: Object.fromEntries(runs.map((r) => [r.full_id, r])) }, null, 2)}\n`);
    } catch (error) {
      console.error(`api:latency: could not write ${output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (the verdicts above stand)`);
      return 1;
    }
  }
  return verdicts.every((v) => v.ok) ? 0 : 1;
}

runCli(
  {
    command: 'npm run api:latency',
    synopsis: '-- [--url URL] [--requests N] [--concurrency C] [--output json:FILE]',
    description: 'A latency baseline of the Coder API: N authenticated GETs of /api/v2/users/me (CODER_URL, CODER_SESSION_TOKEN), C at a time, judged against the API targets. Exit 1 on a miss or any failed request, 2 on bad usage.',
    options: {
      url: { type: 'string', value: '<url>', help: 'the access URL (default: CODER_URL)' },
      requests: { type: 'string', default: '200', value: '<n>', help: 'how many requests' },
      concurrency: { type: 'string', default: '10', value: '<n>', help: 'how many at a time' },
      output: { type: 'string', value: 'json:<file>', help: 'write the requests as scaletest results, for scaletest:report api=<file>' },
    },
    example: 'CODER_URL=https://coder.example.com CODER_SESSION_TOKEN=… npm run api:latency -- --requests 300 --output json:api.json',
  },
  main,
);
