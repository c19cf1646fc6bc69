import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError, loadProfile, profiles, validateConfig } from '../../iac/config/index.js';

function problemsOf(raw: unknown) {
  try {
    validateConfig(raw, 'test');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('deployment config', () => {
  it.each(Object.keys(profiles))('profile %s validates', (name) => {
    expect(loadProfile(name).name).toBe(profiles[name as keyof typeof profiles].name);
  });

  it('names each bad field with its fix, all at once', () => {
    const problems = problemsOf({
      ...profiles.production,
      name: 'Coder_Prod',
      region: 'us-east',
      stateBackend: { bucket: 'UPPER', keyPrefix: 'coder/prod' },
      tags: { 'aws:owner': 'x' },
    });
    const fields = problems.map((p) => p.field).sort();
    expect(fields).toEqual(['name', 'region', 'stateBackend.bucket', 'tags']);
    expect(problems.find((p) => p.field === 'region')!.message).toMatch(/for example us-east-1/);
  });

  it('reports missing and unknown fields', () => {
    const { region: _region, ...withoutRegion } = profiles.production;
    expect(problemsOf(withoutRegion)).toEqual([{ field: 'region', message: 'is required (expected a string)' }]);
    const problems = problemsOf({ ...profiles.production, regoin: 'us-east-1' });
    expect(problems[0]!.field).toBe('(root)');
    expect(problems[0]!.message).toMatch(/unknown field "regoin"/);
  });

  it('refuses unknown profiles with the list of known ones', () => {
    expect(() => loadProfile('prod')).toThrow(/"prod" is not a profile: use one of production, evaluation/);
  });

  it('Feature: coder-deployment-guide, config property: every invalid state bucket name is reported on stateBackend.bucket', () => {
    const invalidBucket = fc.oneof(
      fc.string({ maxLength: 2 }),
      fc.string({ minLength: 64, maxLength: 80 }).map((s) => `a${s.replace(/[^a-z]/g, 'a')}`),
      fc.stringMatching(/^[a-z0-9]{2,10}[A-Z_][a-z0-9]{2,10}$/),
      fc.stringMatching(/^-[a-z0-9]{3,20}$/),
      fc.stringMatching(/^[a-z0-9]{1,10}\.\.[a-z0-9]{1,10}$/),
    );
    fc.assert(
      fc.property(invalidBucket, (bucket) => {
        const problems = problemsOf({ ...profiles.production, stateBackend: { ...profiles.production.stateBackend, bucket } });
        expect(problems.map((p) => p.field)).toEqual(['stateBackend.bucket']);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the configuration reference page', () => {
  it('shows validation output exactly as the validator prints it', async () => {
    const fs = await import('node:fs');
    const page = fs.readFileSync(new URL('../../docs/reference/configuration.mdx', import.meta.url), 'utf8');
    const sample = /```console sample-output\n\$ npm run synth\n([\s\S]*?)\nNothing was written/.exec(page)![1]!;
    let message = '';
    try {
      validateConfig(
        {
          ...profiles.production,
          network: { ...profiles.production.network, reservedCidrs: ['10.0.0.0/8'] },
          peakWindow: { ...profiles.production.peakWindow, end: '06:00' },
        },
        'profile production',
      );
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(sample);
  });
});

describe('identity provider values', () => {
  const withOidc = (issuerUrl: string) => ({ ...profiles.production, oidc: { ...profiles.production.oidc, issuerUrl } });
  it('takes an https issuer on a DNS host, with a path', () => {
    expect(problemsOf(withOidc('https://idp.example.com/realms/coder'))).toEqual([]);
  });

  it('refuses an issuer a URL parser would silently change, or one with credentials, naming the field', () => {
    for (const bad of ['https://idp.example.com/realms\n/coder', 'https://idp.example.com/a b', 'https://user:pw@idp.example.com', 'http://idp.example.com', 'https://idp_example$.com']) {
      const problems = problemsOf(withOidc(bad));
      expect(problems.map((p) => p.field), JSON.stringify(bad)).toEqual(['oidc.issuerUrl']);
      expect(problems[0]!.message).toMatch(/https:\/\/ URL .*no spaces, line breaks or credentials/);
    }
  });

  it('refuses "__proto__" as an IdP group or role (a JavaScript object would drop it from the sync), naming where', () => {
    const json = JSON.parse(JSON.stringify(profiles.production)) as { coder: { roleSync: unknown; groups: Array<{ idpGroups: string[] }> } };
    json.coder.roleSync = JSON.parse('{"__proto__": ["organization-admin"]}');
    expect(problemsOf(json)).toEqual([{ field: 'coder.roleSync.__proto__', message: expect.stringMatching(/rename the role or group in the identity provider/) }]);
    const group = JSON.parse(JSON.stringify(profiles.production)) as typeof json;
    group.coder.groups[0]!.idpGroups = ['__proto__'];
    expect(problemsOf(group).map((p) => p.field)).toEqual(['coder.groups.0.idpGroups.0']);
  });
});
