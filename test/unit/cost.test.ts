import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadDeployment, resolveDeployment } from '../../iac/deployment.js';
import { estimateCost, HOURS_PER_MONTH } from '../../iac/cost/estimate.js';
import { PRICES } from '../../iac/cost/prices.js';
import { production } from '../../iac/config/profiles/production.js';

describe('cost estimate', () => {
  const estimate = estimateCost(loadDeployment('production'));

  it('adds up its lines and names its date and region', () => {
    expect(estimate.total).toBeCloseTo(estimate.lines.reduce((s, l) => s + l.monthly, 0), 2);
    expect(estimate.asOf).toBe(PRICES.asOf);
    expect(estimate.excluded.length).toBeGreaterThan(0);
  });

  it('prices the control plane for every hour and the workspace nodes by the window', () => {
    const control = estimate.lines.find((l) => l.item.startsWith('coder-control'))!;
    expect(control.monthly).toBeCloseTo(11 * HOURS_PER_MONTH * PRICES.instanceHour['m5.2xlarge']!, 0);
    // 07:00–18:00 plus 30 min pre-warm and 60 min scale-down delay, five days a week.
    expect(estimate.peakHoursPerMonth).toBe(Math.round(12.5 * 5 * (52 / 12)));
  });

  it('fails clearly for an instance type without a price', () => {
    expect(() => estimateCost(loadDeployment('production'), { ...PRICES, instanceHour: {} })).toThrow(/no price for m5\.2xlarge: add it to iac\/cost\/prices\.ts/);
  });

  it('Feature: coder-deployment-guide, cost property: more peak workspaces never cost less', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 2500 }), fc.integer({ min: 1, max: 500 }), (peak, extra) => {
        const at = (p: number) => estimateCost(resolveDeployment({ ...production, capacity: { ...production.capacity, peakWorkspaces: p, offHoursWorkspaces: 50 } })).total;
        expect(at(peak + extra)).toBeGreaterThanOrEqual(at(peak));
      }),
      { numRuns: 100 },
    );
  });
});
