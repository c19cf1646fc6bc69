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
import { apiVerdicts } from './lib/scaletest.js';

/**
 * Bounds on one run. A baseline needs a few hundred requests; 100 000 at 10 at a time is hours
 * already. Above them is a typo (1e9) or a load test, which is the scale test's job.
 */
export const MAX_REQUESTS = 100_000;
export const MAX_CONCURRENCY = 500;

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
  const requests = /^\d+$/.test(values.requests) ? Number(values.requests) : Number.NaN;
  const concurrency = /^\d+$/.test(values.concurrency) ? Number(values.concurrency) : Number.NaN;
  if (!base || !token) {
    console.error('api:latency needs CODER_URL (or --url) and CODER_SESSION_TOKEN: export them (a token of any user will do)');
    return 2;
  }
  if (!(requests >= 1 && requests <= MAX_REQUESTS)) {
    console.error(`api:latency: --requests ${values.requests}: give a whole number from 1 to ${MAX_REQUESTS} (a baseline needs a few hundred; for load, use the scale test)`);
    return 2;
  }
  if (!(concurrency >= 1 && concurrency <= MAX_CONCURRENCY)) {
    console.error(`api:latency: --concurrency ${values.concurrency}: give a whole number from 1 to ${MAX_CONCURRENCY}`);
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
  // Each request is written out as it ends (to a temporary file, renamed into place at the end, so a
  // failed run leaves no half file) and only its duration is kept: memory stays small however long.
  const partial = output ? `${output}.tmp-${process.pid}` : undefined;
  const stream = partial ? fs.openSync(partial, 'w') : undefined;
  if (stream !== undefined) fs.writeSync(stream, '{\n  "runs": {');
  const answered: number[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
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
      const took = Math.round(performance.now() - start);
      if (error === '<nil>') answered.push(took);
      else {
        failed += 1;
        firstFailure ??= error;
      }
      // The shape `coder exp scaletest --output json:` writes, "<nil>" for a run that passed.
      const run = { full_id: `api-latency/${id}`, test_name: 'api-latency', started_at: startedAt, duration_ms: took, error };
      if (stream !== undefined) fs.writeSync(stream, `${answered.length + failed > 1 ? ',' : ''}\n    ${JSON.stringify(run.full_id)}: ${JSON.stringify(run)}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
  } catch (error) {
    if (stream !== undefined) fs.closeSync(stream);
    if (partial) fs.rmSync(partial, { force: true });
    throw error;
  }
  const totals = { total_runs: requests, total_pass: answered.length, total_fail: failed, elapsed_ms: Math.round(performance.now() - began) };
  // The report judges it with the same API targets as here.
  const verdicts = apiVerdicts([{ ...totals, runs: answered.map((duration_ms) => ({ duration_ms, error: '<nil>' })) } as never]);
  // Nothing measured: no percentiles, and what went wrong, once.
  if (answered.length === 0) console.error(`api:latency: none of ${requests} GET ${url.href} succeeded: ${firstFailure ?? 'no request ran'}`);
  else console.log(`api:latency: ${requests} GET ${url.pathname}, ${concurrency} at a time; P50 ${Math.round(percentile(answered, 50))} ms`);
  for (const line of formatVerdicts(verdicts)) console.log(line);
  if (failed) console.log(`first failure: ${firstFailure}`);
  if (stream !== undefined && partial && output) {
    try {
      fs.writeSync(stream, `\n  },\n${Object.entries(totals).map(([k, v]) => `  ${JSON.stringify(k)}: ${v}`).join(',\n')}\n}\n`);
      fs.closeSync(stream);
      fs.renameSync(partial, output);
    } catch (error) {
      fs.rmSync(partial, { force: true });
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
