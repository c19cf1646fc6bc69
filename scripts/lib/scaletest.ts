/**
 * Reading what `coder exp scaletest … --output json:<path>` writes (the
 * harness results: total_runs, total_pass, total_fail, elapsed, runs with
 * duration_ms and error) and judging it against the SLOs.
 */
import path from 'node:path';
import { z } from 'zod';
import { percentile, SLOS, verdict, type Verdict } from './slo.js';

const run = z.object({
  full_id: z.string().optional(),
  test_name: z.string().optional(),
  duration_ms: z.number({ error: 'duration_ms must be a number of milliseconds' }).nonnegative(),
  // The harness writes `fmt.Sprintf("%+v", err)`: "<nil>" for a run that passed.
  error: z.union([z.string(), z.null()]).optional(),
});

/** Whether a run failed, as the harness counts it (its error was not nil). */
export function runFailed(r: { error?: string | null }): boolean {
  return r.error != null && r.error !== '' && r.error !== '<nil>';
}
export const harnessResults = z.object({
  total_runs: z.number().int().nonnegative(),
  total_pass: z.number().int().nonnegative(),
  total_fail: z.number().int().nonnegative(),
  elapsed: z.union([z.string(), z.number()]).optional(),
  elapsed_ms: z.number().optional(),
  // The harness writes runs keyed by id; accept a list too.
  runs: z.preprocess((r) => (r && typeof r === 'object' && !Array.isArray(r) ? Object.values(r) : r), z.array(run, { error: 'runs must list the runs (an array, or an object keyed by run id)' })),
});
export type HarnessResults = z.infer<typeof harnessResults>;

export type ResultKind = 'pod' | 'ec2' | 'api';

export class ReportError extends Error {}

/**
 * The test a results file holds, from its runs' test names: `workspacebuild`
 * (create-workspaces), `api-latency` (npm run api:latency), or another
 * scaletest (workspace-traffic, dashboard, …). Undefined for a file whose runs
 * carry no test name.
 */
export function testNameOf(results: HarnessResults): string | undefined {
  const names = new Set(results.runs.map((r) => r.test_name ?? r.full_id?.split('/')[0]).filter((n): n is string => Boolean(n)));
  return names.size === 1 ? [...names][0] : names.size > 1 ? [...names].sort().join('+') : undefined;
}

const TEST_OF_KIND: Record<ResultKind, string> = { pod: 'workspacebuild', ec2: 'workspacebuild', api: 'api-latency' };

/**
 * Which target a results file is judged against: the kind its argument names
 * (`pod=`, `ec2=`, `api=`), or the one its runs and its name say. Builds from
 * create-workspaces look alike for pod and EC2 templates, so an unlabelled
 * one needs "pod" or "ec2" in its file name. Raises a ReportError naming the
 * fix when neither tells, or when the label contradicts the runs.
 */
export function classify(file: string, results: HarnessResults, label?: ResultKind): ResultKind {
  const test = testNameOf(results);
  if (label) {
    if (test && test !== TEST_OF_KIND[label]) throw new ReportError(`${file}: passed as ${label}=, but its runs are ${test} results, not ${TEST_OF_KIND[label]}; ${hint(test, file)}`);
    return label;
  }
  if (test === 'api-latency') return 'api';
  if (test === 'workspacebuild') {
    const named = /(?:^|[^a-z0-9])(pod|ec2)(?:[^a-z0-9]|$)/i.exec(path.basename(file))?.[1]?.toLowerCase() as ResultKind | undefined;
    if (named) return named;
    throw new ReportError(`${file}: workspace builds from create-workspaces, but nothing says whether the template was a pod or an EC2 one: pass it as pod=${file} or ec2=${file}`);
  }
  throw new ReportError(`${file}: ${test ? `${test} results` : 'runs without a test name'}; ${hint(test, file)}`);
}

function hint(test: string | undefined, file: string): string {
  if (test === 'workspacebuild') return `pass it as pod=${file} or ec2=${file}`;
  if (test === 'api-latency') return `pass it as api=${file}`;
  return 'the report judges create-workspaces results (pod= and ec2=) and npm run api:latency results (api=); workspace-traffic and dashboard only make the load';
}

/** Parses one results file; a malformed one raises an error naming the file and the field. */
export function parseResults(file: string, text: string): HarnessResults {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ReportError(`${file}: not JSON (${(error as Error).message}); pass the file scaletest wrote with --output json:<path>`);
  }
  const parsed = harnessResults.safeParse(json);
  if (!parsed.success) throw new ReportError(parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(top level)'}: ${i.message}`).join('\n'));
  const r = parsed.data;
  if (r.total_pass + r.total_fail !== r.total_runs) throw new ReportError(`${file}: total_pass (${r.total_pass}) + total_fail (${r.total_fail}) is not total_runs (${r.total_runs})`);
  if (r.runs.length !== r.total_runs) throw new ReportError(`${file}: runs lists ${r.runs.length} run(s) but total_runs is ${r.total_runs}`);
  // The runs are the evidence: a header that counts fewer failures than its runs show is refused,
  // never trusted (50 failed runs under total_fail: 0 passed before).
  const failed = r.runs.filter(runFailed).length;
  if (failed !== r.total_fail) throw new ReportError(`${file}: ${failed} of its runs failed, but total_fail says ${r.total_fail}; the header disagrees with the runs, so the file is refused`);
  return r;
}

/**
 * The API targets over API results (npm run api:latency's, alone or under the
 * scale test's load): percentiles of the requests that succeeded, and a failed
 * request (an error, or the client's time limit) counted apart, as a failed
 * build is. No results: every row reads "no data" and fails.
 */
export function apiVerdicts(rs: readonly HarnessResults[]): Verdict[] {
  const ok = rs.flatMap((r) => r.runs.filter((x) => !runFailed(x)).map((x) => x.duration_ms));
  const failed = rs.length ? rs.reduce((n, r) => n + r.total_fail, 0) : Number.NaN;
  return [verdict('API P95', percentile(ok, 95), SLOS.apiP95Ms, 'ms'), verdict('API P99', percentile(ok, 99), SLOS.apiP99Ms, 'ms'), verdict('API requests failed', failed, 1, 'runs')];
}

/** Verdicts over every results file, grouped by kind. A kind with no file fails: every target must be measured. */
export function judge(results: ReadonlyArray<{ kind: ResultKind; results: HarnessResults }>): Verdict[] {
  const verdicts: Verdict[] = [];
  const byKind = (k: ResultKind) => results.filter((r) => r.kind === k).map((r) => r.results);
  const durations = (rs: HarnessResults[]) => rs.flatMap((r) => r.runs.filter((x) => !runFailed(x)).map((x) => x.duration_ms));
  const failures = (rs: HarnessResults[]) => rs.reduce((n, r) => n + r.total_fail, 0);
  const pod = byKind('pod');
  const ec2 = byKind('ec2');
  const api = byKind('api');
  // No file of a kind: its rows read "no data" and fail (NaN never meets a target).
  const failed = (rs: HarnessResults[]) => (rs.length ? failures(rs) : Number.NaN);
  verdicts.push(verdict('pod workspace provisioning P95', percentile(durations(pod), 95), SLOS.podProvisioningP95Ms, 'ms'), verdict('pod workspace builds failed', failed(pod), 1, 'runs'));
  verdicts.push(verdict('EC2 workspace provisioning P95', percentile(durations(ec2), 95), SLOS.ec2ProvisioningP95Ms, 'ms'), verdict('EC2 workspace builds failed', failed(ec2), 1, 'runs'));
  verdicts.push(...apiVerdicts(api));
  verdicts.push(verdict('concurrent workspace operations', [...pod, ...ec2].reduce((n, r) => n + r.total_runs, 0), SLOS.concurrentOperations, 'runs', 'at-least'));
  return verdicts;
}
