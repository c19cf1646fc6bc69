/**
 * The public API endpoint guard parses ranges: any list whose union covers a
 * public /8 is refused by the config and flagged by the policy suite, however
 * it is written, unless the override was set on purpose.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { widePublicBlock } from '../../iac/capacity/cidr.js';
import { ConfigError } from '../../iac/config/index.js';
import { production } from '../../iac/config/profiles/production.js';
import { resolveDeployment } from '../../iac/deployment.js';
import { evaluateAll } from '../../iac/policies/checks.js';
import { first, resources } from '../../iac/policies/model.js';
import { synthesizeToMemory } from '../helpers/synth.js';

const WIDE = [['0.0.0.0/1', '128.0.0.0/1'], ['0.0.0.0/0'], ['0.0.0.0/00'], ['8.0.0.0/7'], ['3.0.0.0/8'], ['44.0.0.0/9', '44.128.0.0/9'], ['203.0.0.0/8', '203.0.113.0/24']];
const NARROW = [['203.0.113.0/24'], ['198.51.100.0/24', '192.0.2.10/32'], ['10.0.0.0/8'], ['3.0.0.0/9', '3.128.0.0/10']];

const withCidrs = (publicAccessCidrs: string[], allowWidePublicAccess?: boolean) => ({ ...production, cluster: { ...production.cluster, publicAccessCidrs, ...(allowWidePublicAccess ? { allowWidePublicAccess } : {}) } });

describe('public API endpoint ranges', () => {
  it.each(WIDE.map((c) => [c.join(' + '), c] as const))('refuses %s, naming the field, the block and the override', (_n, cidrs) => {
    let error: unknown;
    try {
      resolveDeployment(withCidrs(cidrs));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toMatch(/cluster\.publicAccessCidrs/);
    expect(String((error as Error).message)).toMatch(/\d+\.0\.0\.0\/8|public|cover/);
    expect(String((error as Error).message)).toContain('allowWidePublicAccess');
  });

  it.each(NARROW.map((c) => [c.join(' + '), c] as const))('accepts %s', (_n, cidrs) => {
    expect(widePublicBlock(cidrs)).toBeUndefined();
    expect(() => resolveDeployment(withCidrs(cidrs))).not.toThrow();
  });

  it('Feature: coder-deployment-guide, pipeline property: a public /8 split into pieces is as wide as the /8, and one piece short is not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 223 }).filter((o) => o !== 10 && o !== 127), fc.integer({ min: 9, max: 14 }), fc.integer({ min: 0, max: 1000 }), (octet, prefix, seed) => {
        // The /8 as 2^(prefix-8) aligned pieces (the second octet steps by 2^(16-prefix)), in any order.
        const step = 2 ** (16 - prefix);
        const pieces = Array.from({ length: 2 ** (prefix - 8) }, (_, i) => `${octet}.${i * step}.0.0/${prefix}`);
        const shuffled = [...pieces].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7));
        expect(widePublicBlock(shuffled)).toBe(`${octet}.0.0.0/8`);
        expect(widePublicBlock(pieces.filter((_, i) => i !== seed % pieces.length))).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });

  it('the override accepts a wide list on purpose, tags the cluster, and the policy check honours the tag only', () => {
    const accepted = synthesizeToMemory(resolveDeployment(withCidrs(['0.0.0.0/1', '128.0.0.0/1'], true)));
    expect(evaluateAll(accepted).filter((f) => f.check === 'eks-endpoint-not-public')).toEqual([]);
    // A hand-edited stack that widens the ranges without the override is caught by the policy suite.
    const edited = synthesizeToMemory(resolveDeployment(withCidrs(['203.0.113.0/24'])));
    Object.assign(first(resources(edited, 'aws_eks_cluster')[0]!.body.vpc_config)!, { endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/1', '128.0.0.0/1'] });
    const findings = evaluateAll(edited).filter((f) => f.check === 'eks-endpoint-not-public');
    expect(findings.map((f) => f.message)).toEqual(['public endpoint ranges cover 1.0.0.0/8 (public address space); list narrower ranges or accept it with cluster.allowWidePublicAccess']);
  });
});
