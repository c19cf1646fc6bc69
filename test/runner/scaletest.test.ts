/**
 * npm run scaletest:report and npm run api:latency: percentiles against the
 * SLOs, on result files generated here (including malformed ones) and on a
 * local HTTP server with controlled delays.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execFile, spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo.js';
import { percentile, SLOS } from '../../scripts/lib/slo.js';
import { judge, parseResults } from '../../scripts/lib/scaletest.js';
import { scaletestCounts } from '../../scripts/lib/deployment-files.js';
import { loadDeployment } from '../../iac/deployment.js';

const TSX = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-scaletest-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Harness results as coder exp scaletest writes them: create-workspaces runs are named workspacebuild/<i>. */
function results(durations: number[], failed = 0, asMap = true, test = 'workspacebuild') {
  const runs = [...durations.map((d) => ({ duration_ms: d, error: '<nil>', started_at: '2026-11-27T09:00:00Z' })), ...Array.from({ length: failed }, () => ({ duration_ms: 1000, error: 'build failed: timeout' }))].map((r, i) => ({ full_id: `${test}/${i}`, test_name: test, id: String(i), ...r }));
  return { total_runs: runs.length, total_pass: durations.length, total_fail: failed, elapsed: '10m0s', elapsed_ms: 600000, runs: asMap ? Object.fromEntries(runs.map((r) => [r.full_id, r])) : runs };
}

function report(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [TSX, path.join(repoRoot, 'scripts', 'scaletest-report.ts'), ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scaletest:report', { timeout: 60_000 }, () => {
  it('prints exactly the table the scale-testing page shows, for results that produce it', () => {
    const dir = path.join(tmp, 'page');
    fs.mkdirSync(path.join(dir, 'scaletest-results'), { recursive: true });
    const write = (name: string, value: unknown) => fs.writeFileSync(path.join(dir, 'scaletest-results', name), JSON.stringify(value));
    // As many builds as the runbook starts (generated/guide.env), one EC2 build failed.
    const counts = scaletestCounts(loadDeployment('production'));
    write('create-pod.json', results(Array(counts.pod).fill(74210)));
    write('create-ec2.json', results(Array(counts.ec2 - 1).fill(211873), 1));
    write('api.json', results([...Array(2850).fill(212), ...Array(120).fill(640), ...Array(30).fill(900)], 0, false, 'api-latency'));
    const r = report(dir, 'pod=scaletest-results/create-pod.json', 'ec2=scaletest-results/create-ec2.json', 'api=scaletest-results/api.json');
    expect(r.status).toBe(1);
    const page = fs.readFileSync(path.join(repoRoot, 'docs', 'operate', 'scale-testing.mdx'), 'utf8');
    const sample = /```console sample-output\n([\s\S]*?)```/.exec(page)![1]!;
    expect(r.stdout.trim()).toBe(sample.trim());
  });

  it('fails with a clear message, and exit 2, on malformed results', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['truncated.json', '{"total_runs": 3, "runs": {', /truncated\.json: not JSON/],
      ['no-duration.json', JSON.stringify({ total_runs: 1, total_pass: 1, total_fail: 0, runs: [{ error: null }] }), /no-duration\.json: runs\.0\.duration_ms: duration_ms must be a number of milliseconds/],
      ['bad-sum.json', JSON.stringify({ ...results([1, 2]), total_pass: 5 }), /bad-sum\.json: total_pass \(5\) \+ total_fail \(0\) is not total_runs \(2\)/],
      ['missing-total.json', JSON.stringify({ runs: [] }), /missing-total\.json: total_runs:/],
    ];
    for (const [name, text, message] of cases) {
      fs.writeFileSync(path.join(tmp, name), text);
      const r = report(tmp, name);
      expect(r.status, name).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(report(tmp, 'does-not-exist.json').stderr).toContain('does-not-exist.json: no such file');
    expect(report(tmp).status).toBe(2);
  });

  it('tells the kind of a file passed without a label from its runs and its name, and refuses what it cannot tell', () => {
    const dir = path.join(tmp, 'plain');
    fs.mkdirSync(dir, { recursive: true });
    const write = (name: string, value: unknown) => fs.writeFileSync(path.join(dir, name), JSON.stringify(value));
    write('create-pod.json', results(Array(700).fill(60_000)));
    write('create-ec2.json', results(Array(300).fill(200_000)));
    write('api.json', results(Array(100).fill(100), 0, true, 'api-latency'));
    write('builds.json', results([60_000]));
    write('traffic.json', results([900_000], 0, true, 'workspace-traffic'));
    const plain = report(dir, 'create-pod.json', 'create-ec2.json', 'api.json');
    expect(plain.stdout).toMatch(/^pod create-pod\.json/m);
    expect(plain.stdout).toMatch(/^ec2 create-ec2\.json/m);
    expect(plain.stdout).toMatch(/^api api\.json/m);
    expect(plain.stdout).toContain('every target met');
    expect(plain.status).toBe(0);
    // The form, one file: the targets it has no results for fail.
    const podOnly = report(dir, 'create-pod.json');
    expect(podOnly.status).toBe(1);
    expect(podOnly.stdout).toMatch(/^FAIL\s+EC2 workspace provisioning P95\s+no data/m);
    expect(podOnly.stdout).toMatch(/^FAIL\s+API P95\s+no data/m);
    const refusals: Array<[string[], RegExp]> = [
      [['builds.json'], /builds\.json: workspace builds from create-workspaces, but nothing says whether the template was a pod or an EC2 one: pass it as pod=builds\.json or ec2=builds\.json/],
      [['traffic.json'], /traffic\.json: workspace-traffic results; the report judges create-workspaces results/],
      [['api=create-pod.json'], /create-pod\.json: passed as api=, but its runs are workspacebuild results, not api-latency; pass it as pod=create-pod\.json or ec2=create-pod\.json/],
      [['pod=api.json'], /api\.json: passed as pod=, but its runs are api-latency results/],
    ];
    for (const [args, message] of refusals) {
      const r = report(dir, ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(report(dir, 'pod=builds.json', 'ec2=create-ec2.json', 'api=api.json').status).toBe(1);
    // Fast API answers do not hide failed ones.
    write('api-failing.json', results(Array(10).fill(100), 2990, true, 'api-latency'));
    const failing = report(dir, 'create-pod.json', 'create-ec2.json', 'api-failing.json');
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/^pass\s+API P95\s+100 ms/m);
    expect(failing.stdout).toMatch(/^FAIL\s+API requests failed\s+2990 runs/m);
  });

  it('passes iff every percentile is under its target, nothing failed and enough operations ran (100 generated result sets)', () => {
    const nearestRank = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.ceil((p / 100) * values.length) - 1]!;
    // Durations under a limit, with a share of slow ones (often none) that may push a percentile over it.
    const runs = (limit: number, n: { min: number; max: number }) =>
      fc
        .record({ n: fc.integer(n), fast: fc.integer({ min: 1, max: limit - 1 }), slow: fc.integer({ min: limit, max: 2 * limit }), share: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.double({ min: 0, max: 0.1, noNaN: true }) }) })
        .map(({ n: count, fast, slow, share }) => [...Array(count - Math.floor(count * share)).fill(fast), ...Array(Math.floor(count * share)).fill(slow)] as number[]);
    const failures = fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) });
    const outcomes = new Set<boolean>();
    fc.assert(
      fc.property(runs(SLOS.podProvisioningP95Ms, { min: 300, max: 800 }), failures, runs(SLOS.ec2ProvisioningP95Ms, { min: 150, max: 450 }), failures, runs(SLOS.apiP99Ms, { min: 1, max: 400 }), failures, (pod, podFailed, ec2, ec2Failed, api, apiFailed) => {
        const verdicts = judge([
          { kind: 'pod', results: parseResults('pod.json', JSON.stringify(results(pod, podFailed))) },
          { kind: 'ec2', results: parseResults('ec2.json', JSON.stringify(results(ec2, ec2Failed))) },
          { kind: 'api', results: parseResults('api.json', JSON.stringify(results(api, apiFailed, true, 'api-latency'))) },
        ]);
        const expectOk =
          nearestRank(pod, 95) < SLOS.podProvisioningP95Ms &&
          nearestRank(ec2, 95) < SLOS.ec2ProvisioningP95Ms &&
          podFailed === 0 &&
          ec2Failed === 0 &&
          apiFailed === 0 &&
          nearestRank(api, 95) < SLOS.apiP95Ms &&
          nearestRank(api, 99) < SLOS.apiP99Ms &&
          pod.length + podFailed + ec2.length + ec2Failed >= SLOS.concurrentOperations;
        expect(verdicts.every((v) => v.ok)).toBe(expectOk);
        expect(verdicts.find((v) => v.name === 'pod workspace provisioning P95')!.measured).toBe(nearestRank(pod, 95));
        outcomes.add(expectOk);
      }),
      { numRuns: 100 },
    );
    // Both sides of the "iff" were exercised.
    expect([...outcomes].sort()).toEqual([false, true]);
  });
});

describe('scaletest:report trusts no header and counts a file once', { timeout: 60_000 }, () => {
  it('refuses a header that counts fewer failures than its runs show, and the same results given twice', () => {
    const dir = path.join(tmp, 'forged');
    fs.mkdirSync(dir, { recursive: true });
    const counts = scaletestCounts(loadDeployment('production'));
    // 50 failed runs under a header that says none failed.
    const forged = results(Array(counts.pod - 50).fill(60000), 50);
    forged.total_pass = forged.total_runs;
    forged.total_fail = 0;
    fs.writeFileSync(path.join(dir, 'forged.json'), JSON.stringify(forged));
    const r = report(dir, 'pod=forged.json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('forged.json: 50 of its runs failed, but total_fail says 0');
    // Half the builds, given twice (by the same path, by a copy): not 1000 concurrent operations.
    const half = results(Array(Math.ceil(SLOS.concurrentOperations / 2)).fill(60000));
    fs.writeFileSync(path.join(dir, 'half.json'), JSON.stringify(half));
    fs.copyFileSync(path.join(dir, 'half.json'), path.join(dir, 'copy.json'));
    const twice = report(dir, 'pod=half.json', 'pod=half.json');
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('half.json: given twice');
    const copied = report(dir, 'pod=half.json', 'ec2=copy.json');
    expect(copied.status).toBe(2);
    expect(copied.stderr).toContain('copy.json: the same results as half.json');
  });
});

describe('api:latency', { timeout: 60_000 }, () => {
  let delay = 0;
  let status = 200;
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.url} ${req.headers['coder-session-token']}`);
    setTimeout(() => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{"username":"admin"}');
    }, delay);
  });
  const listening = new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const latency = async (...args: string[]) => {
    const url = await listening;
    return new Promise<{ status: number; out: string }>((resolve) => {
      execFile(process.execPath, [TSX, path.join(repoRoot, 'scripts', 'api-latency.ts'), '--url', url, ...args], { env: { ...process.env, CODER_SESSION_TOKEN: 'owner-token' } }, (error, stdout, stderr) => resolve({ status: error ? Number(error.code) : 0, out: `${stdout}${stderr}` }));
    });
  };

  it('passes a fast API, sending the session token to /api/v2/users/me', async () => {
    delay = 5;
    const r = await latency('--requests', '40', '--concurrency', '4');
    expect(r.out).toMatch(/^pass\s+API P95/m);
    expect(r.status).toBe(0);
    expect(seen.at(-1)).toBe('/api/v2/users/me owner-token');
  });

  it('against an address that does not answer: says what failed and prints no percentiles', async () => {
    const r = await new Promise<{ status: number; out: string }>((resolve) => {
      execFile(process.execPath, [TSX, path.join(repoRoot, 'scripts', 'api-latency.ts'), '--url', 'http://127.0.0.1:59999', '--requests', '3'], { env: { ...process.env, CODER_SESSION_TOKEN: 't' } }, (error, stdout, stderr) => resolve({ status: error ? Number(error.code) : 0, out: `${stdout}${stderr}` }));
    });
    expect(r.status).toBe(1);
    expect(r.out).toContain('none of 3 GET http://127.0.0.1:59999/api/v2/users/me succeeded: connection refused by 127.0.0.1:59999');
    expect(r.out).not.toMatch(/NaN|P50 \d/);
    expect(r.out).toMatch(/^FAIL\s+API P95\s+no data/m);
  });

  it('refuses an output it cannot write before the first request, with one line and no stack', async () => {
    delay = 0;
    const before = seen.length;
    for (const [file, why] of [['/nonexistent-dir/api.json', 'does not exist'], [os.tmpdir(), 'is a folder']] as const) {
      const r = await latency('--requests', '5', '--output', `json:${file}`);
      expect(r.status, r.out).toBe(2);
      expect(r.out).toContain(why);
      expect(r.out).not.toMatch(/\n\s+at /);
    }
    expect(seen.length).toBe(before);
  });

  it('fails a slow API on P95, and any failed request', async () => {
    delay = 600;
    const slow = await latency('--requests', '8', '--concurrency', '8');
    expect(slow.status).toBe(1);
    expect(slow.out).toMatch(/^FAIL\s+API P95/m);
    delay = 1;
    status = 503;
    const failing = await latency('--requests', '5', '--concurrency', '5');
    expect(failing.status).toBe(1);
    expect(failing.out).toContain('first failure: HTTP 503');
    status = 200;
  });

  it('writes its requests as scaletest results, which the report judges (the scale test\'s API figures)', async () => {
    delay = 5;
    const file = path.join(tmp, 'api.json');
    const r = await latency('--requests', '30', '--concurrency', '3', '--output', `json:${file}`);
    expect(r.status, r.out).toBe(0);
    const results = parseResults(file, fs.readFileSync(file, 'utf8'));
    expect(results).toMatchObject({ total_runs: 30, total_pass: 30, total_fail: 0 });
    expect(results.runs.every((run) => run.error === '<nil>' && run.duration_ms >= 5)).toBe(true);
    const verdicts = judge([{ kind: 'api', results }]);
    expect(verdicts.filter((v) => v.name.startsWith('API')).map((v) => [v.name, v.ok])).toEqual([['API P95', true], ['API P99', true], ['API requests failed', true]]);
    expect((await latency('--output', file)).status).toBe(2);
  });

  it('refuses counts it cannot mean (1e9, 0, 2.5, a concurrency of thousands) at once, naming the flag and its range, before any request', async () => {
    const before = seen.length;
    for (const [args, flag] of [
      [['--requests', '1e9'], '--requests 1e9: give a whole number from 1 to 100000'],
      [['--requests', '1000000'], '--requests 1000000: give a whole number from 1 to 100000'],
      [['--requests', '0'], '--requests 0:'],
      [['--requests', '2.5'], '--requests 2.5:'],
      [['--concurrency', '5000'], '--concurrency 5000: give a whole number from 1 to 500'],
    ] as const) {
      const r = await latency(...args);
      expect(r.status, r.out).toBe(2);
      expect(r.out).toContain(flag);
      expect(r.out.trim().split('\n')).toHaveLength(1);
    }
    expect(seen.length).toBe(before);
  });

  it('streams its results to a temporary file and renames it into place: no half file, nothing beside it', async () => {
    delay = 0;
    const dir = path.join(tmp, 'stream');
    fs.mkdirSync(dir);
    const r = await latency('--requests', '500', '--concurrency', '20', '--output', `json:${path.join(dir, 'api.json')}`);
    expect(r.status, r.out).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['api.json']);
    const results = parseResults('api.json', fs.readFileSync(path.join(dir, 'api.json'), 'utf8'));
    expect(Object.keys(results.runs)).toHaveLength(500);
    expect(results.total_runs).toBe(500);
  });

  it('refuses a URL that is not one, with exit 2', async () => {
    const r = await new Promise<{ status: number; out: string }>((resolve) => {
      execFile(process.execPath, [TSX, path.join(repoRoot, 'scripts', 'api-latency.ts'), '--url', 'coder.example.com'], { env: { ...process.env, CODER_SESSION_TOKEN: 't' } }, (error, stdout, stderr) => resolve({ status: error ? Number(error.code) : 0, out: `${stdout}${stderr}` }));
    });
    expect(r.status).toBe(2);
    expect(r.out).toMatch(/"coder\.example\.com" is not a URL/);
  });
});
