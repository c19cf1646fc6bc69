/**
 * Quota pre-flight over HTTP: the real AWS SDK Service Quotas client against a
 * local endpoint that speaks the service's JSON protocol (awsJson1_1).
 */
import http from 'node:http';
import path from 'node:path';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { loadDeployment } from '../../iac/deployment.js';
import { evaluateQuotas, increaseCommand, quotaNeeds } from '../../iac/preflight/quotas.js';
import { readQuotas } from '../../scripts/lib/quota-client.js';
import { resolveOrSkip, validConfig } from '../helpers/arbitraries.js';
import { repoRoot } from '../helpers/repo.js';

/** Quotas the fake account has: applied values, and AWS defaults for the rest. */
let applied = new Map<string, number>();
let defaults = new Map<string, number>();
/** When set, every call is refused as the account's IAM policy would. */
let denied = false;
const requests: string[] = [];

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const { ServiceCode, QuotaCode } = JSON.parse(body) as { ServiceCode: string; QuotaCode: string };
    const key = `${ServiceCode}/${QuotaCode}`;
    requests.push(`${target.split('.')[1]} ${key}`);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    if (denied) return send(400, { __type: 'AccessDeniedException', message: 'User is not authorized to perform: servicequotas:GetServiceQuota' });
    const quota = (value: number) => ({ Quota: { ServiceCode, QuotaCode, QuotaName: key, Value: value, Unit: 'None', Adjustable: true } });
    if (target === 'ServiceQuotasV20190624.GetServiceQuota') {
      return applied.has(key) ? send(200, quota(applied.get(key)!)) : send(400, { __type: 'NoSuchResourceException', message: `no applied value for ${key}` });
    }
    if (target === 'ServiceQuotasV20190624.GetAWSDefaultServiceQuota') return send(200, quota(defaults.get(key) ?? 0));
    send(400, { __type: 'InvalidParameterValueException', message: `unexpected ${target}` });
  });
});

let client: ServiceQuotasClient;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new ServiceQuotasClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const production = loadDeployment('production');
const needs = quotaNeeds(production);

describe('quota pre-flight', () => {
  it('knows what the production profile needs, with its reasoning', () => {
    const vcpu = needs.find((n) => n.quotaCode === 'L-1216C47A')!;
    // 11 × m5.2xlarge + 52 × c5.2xlarge + 360 × m5.4xlarge, plus 750 EC2 workspaces × 4 vCPUs.
    expect(vcpu.needed).toBe(11 * 8 + 52 * 8 + 360 * 16 + 750 * 4);
    expect(vcpu.reasoning).toMatch(/node groups at max: 6264 vCPUs/);
    expect(needs.find((n) => n.quotaCode === 'L-DB2E81BA')!.needed).toBe(150 * 16); // 5% of 3000 on g5.4xlarge, the smallest GPU size (datasci-large)
    expect(needs.find((n) => n.quotaCode === 'L-BD136A63')!.needed).toBe(360);
  });

  it('reads applied values over HTTP and falls back to AWS defaults', async () => {
    applied = new Map([['ec2/L-1216C47A', 20000]]);
    defaults = new Map([['ec2/L-DB2E81BA', 64]]);
    requests.length = 0;
    const available = await readQuotas(client, needs);
    expect(available.get('ec2/L-1216C47A')).toEqual({ value: 20000, source: 'applied' });
    expect(available.get('ec2/L-DB2E81BA')).toEqual({ value: 64, source: 'aws-default' });
    expect(requests).toContain('GetServiceQuota ec2/L-1216C47A');
    expect(requests).toContain('GetAWSDefaultServiceQuota ec2/L-DB2E81BA');
    const result = evaluateQuotas(needs, available);
    expect(result.ok).toBe(false);
    const gpu = result.checks.find((c) => c.quotaCode === 'L-DB2E81BA')!;
    expect(increaseCommand(gpu, 'us-east-1')).toBe('aws service-quotas request-service-quota-increase --region us-east-1 --service-code ec2 --quota-code L-DB2E81BA --desired-value 2400');
  });

  it('Feature: coder-deployment-guide, Property 2: Quota Pre-flight Validation', async () => {
    // Any deployment configuration: its needs, and for each quota a value at, above or below the
    // need, applied or only AWS's default. Most quotas suffice, so runs where all do are common.
    const value = fc.oneof({ weight: 9, arbitrary: fc.nat({ max: 50 }) }, { weight: 1, arbitrary: fc.integer({ min: -50, max: -1 }) });
    const outcomes = new Set<boolean>();
    await fc.assert(
      fc.asyncProperty(validConfig, fc.array(fc.tuple(fc.boolean(), value), { minLength: 11, maxLength: 11 }), async (raw, plan) => {
        const deploymentNeeds = quotaNeeds(resolveOrSkip(raw));
        applied = new Map();
        defaults = new Map();
        const values = deploymentNeeds.map((n, i) => Math.max(0, n.needed + plan[i % plan.length]![1]));
        deploymentNeeds.forEach((n, i) => (plan[i % plan.length]![0] ? applied : defaults).set(`${n.serviceCode}/${n.quotaCode}`, values[i]!));
        const result = evaluateQuotas(deploymentNeeds, await readQuotas(client, deploymentNeeds));
        const expected = deploymentNeeds.every((n, i) => n.needed <= values[i]!);
        expect(result.ok).toBe(expected);
        for (const c of result.checks) expect(c.ok).toBe(c.needed <= c.available);
        expect(result.checks.map((c) => c.source)).toEqual(deploymentNeeds.map((_, i) => (plan[i % plan.length]![0] ? 'applied' : 'aws-default')));
        outcomes.add(expected);
      }),
      { numRuns: 100 },
    );
    // Both sides of the "iff" were exercised.
    expect([...outcomes].sort()).toEqual([false, true]);
  }, 120_000);

  describe('npm run preflight:quotas', () => {
    const TSX = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const preflight = () =>
      new Promise<{ status: number; out: string }>((resolve) => {
        const { port } = server.address() as AddressInfo;
        const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_MAX_ATTEMPTS: '1', GUIDE_PROFILE: 'production' };
        execFile(process.execPath, [TSX, path.join(repoRoot, 'scripts', 'preflight-quotas.ts'), '--endpoint', `http://127.0.0.1:${port}`], { cwd: repoRoot, env }, (error, stdout, stderr) => resolve({ status: error ? Number(error.code) : 0, out: `${stdout}${stderr}` }));
      });

    it('passes an account with every quota, and prints each need with its reasoning', async () => {
      applied = new Map(needs.map((n) => [`${n.serviceCode}/${n.quotaCode}`, n.needed]));
      defaults = new Map();
      const r = await preflight();
      expect(r.status, r.out).toBe(0);
      expect(r.out).toMatch(/^ok +L-1216C47A +Running On-Demand Standard .*: need \d+, have \d+ \(applied\) — node groups at max/m);
      expect(r.out).toContain('every quota the capacity needs is available');
    }, 60_000);

    it('fails a shortfall with exit 1, marking it and printing the increase to request', async () => {
      applied = new Map(needs.map((n) => [`${n.serviceCode}/${n.quotaCode}`, n.needed]));
      applied.delete('ec2/L-DB2E81BA');
      defaults = new Map([['ec2/L-DB2E81BA', 64]]);
      const r = await preflight();
      expect(r.status, r.out).toBe(1);
      const gpu = needs.find((n) => n.quotaCode === 'L-DB2E81BA')!;
      expect(r.out).toMatch(new RegExp(`^SHORT L-DB2E81BA +Running On-Demand G and VT instances \\(vCPUs\\): need ${gpu.needed}, have 64 \\(aws-default\\)`, 'm'));
      expect(r.out).toContain('1 quota(s) too low');
      expect(r.out).toContain(`aws service-quotas request-service-quota-increase --region us-east-1 --service-code ec2 --quota-code L-DB2E81BA --desired-value ${gpu.needed}`);
      expect(r.out.match(/request-service-quota-increase/g)).toHaveLength(1);
    }, 60_000);

    it('stops with exit 2 and the service\'s reason when the quotas cannot be read', async () => {
      denied = true;
      try {
        const r = await preflight();
        expect(r.status).toBe(2);
        expect(r.out).toContain('preflight:quotas could not run: User is not authorized to perform: servicequotas:GetServiceQuota');
      } finally {
        denied = false;
      }
    }, 60_000);
  });
});
