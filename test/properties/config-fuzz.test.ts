import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError } from '../../iac/config/index.js';
import { production } from '../../iac/config/profiles/production.js';
import { resolveDeployment } from '../../iac/deployment.js';
import { synthesize } from '../../scripts/lib/synth.js';
import { breakage } from '../helpers/arbitraries.js';

function problems(raw: unknown) {
  try {
    resolveDeployment(raw, 'fuzz');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return null;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('bad configurations', () => {
  it('Feature: coder-deployment-guide, config validation: every generated bad config fails with an error naming the field and a fix (1000 cases)', () => {
    fc.assert(
      fc.property(breakage, (b) => {
        const found = problems(b.apply(structuredClone(production)));
        expect(found, `breaking ${b.field} must be refused`).not.toBeNull();
        // The named field, or one inside it (capacity.workspaceMix.pod for capacity.workspaceMix).
        expect(found!.some((p) => p.field === b.field || p.field.startsWith(`${b.field}.`)), JSON.stringify(found)).toBe(true);
        for (const p of found!) {
          expect(p.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reports every independent field problem at once', () => {
    fc.assert(
      fc.property(fc.uniqueArray(breakage, { minLength: 2, maxLength: 4, selector: (b) => b.field }), (set) => {
        // Only schema-level fields combine cleanly: cross-field checks run once each field is valid.
        const schemaLevel = set.filter((b) => ['name', 'region', 'stateBackend.bucket', 'oidc.issuerUrl', 'tags', 'database.backupRetentionDays', 'cluster.publicAccessCidrs'].includes(b.field));
        fc.pre(schemaLevel.length >= 2);
        const raw = schemaLevel.reduce((c, b) => b.apply(c), structuredClone(production));
        const fields = problems(raw)!.map((p) => p.field);
        for (const b of schemaLevel) expect(fields).toContain(b.field);
      }),
      { numRuns: 100 },
    );
  });

  it('writes no synth output for a bad config, and keeps what was there', () => {
    const out = path.join(tmp, 'cdktf.out');
    synthesize({ profile: 'production', outdir: out });
    const before = fs.readdirSync(path.join(out, 'stacks')).sort();
    fc.assert(
      fc.property(breakage, (b) => {
        expect(() => synthesize({ config: b.apply(structuredClone(production)), outdir: out })).toThrow(ConfigError);
        expect(fs.readdirSync(path.join(out, 'stacks')).sort()).toEqual(before);
        expect(fs.readdirSync(tmp)).toEqual(['cdktf.out']);
      }),
      { numRuns: 100 },
    );
  });
});
