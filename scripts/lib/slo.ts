/**
 * The original design's acceptance criteria for scale, and the percentile arithmetic the
 * scale-test report and the API latency baseline share.
 */
// #region slos
export const SLOS = {
  /** Pod workspace provisioning, P95. */
  podProvisioningP95Ms: 120_000,
  /** EC2 workspace provisioning, P95. */
  ec2ProvisioningP95Ms: 300_000,
  apiP95Ms: 500,
  apiP99Ms: 1_000,
  /** Workspace operations a scale test must run at once to count. */
  concurrentOperations: 1_000,
} as const;
// #endregion slos

/** Nearest-rank percentile (p in 0–100) of unsorted values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface Verdict {
  name: string;
  measured: number;
  limit: number;
  unit: 'ms' | 'runs';
  /** at-most: measured must not exceed the limit; at-least: must reach it. */
  kind: 'at-most' | 'at-least';
  ok: boolean;
}

export function verdict(name: string, measured: number, limit: number, unit: Verdict['unit'], kind: Verdict['kind'] = 'at-most'): Verdict {
  const ok = Number.isFinite(measured) && (kind === 'at-most' ? measured < limit : measured >= limit);
  return { name, measured, limit, unit, kind, ok };
}

export function formatVerdicts(verdicts: readonly Verdict[]): string[] {
  const rows = verdicts.map((v) => [v.ok ? 'pass' : 'FAIL', v.name, Number.isFinite(v.measured) ? `${Math.round(v.measured)} ${v.unit}` : 'no data', `${v.kind === 'at-most' ? '<' : '>='} ${v.limit} ${v.unit}`]);
  const header = ['', 'measure', 'measured', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}
