/**
 * Quota pre-flight over HTTP: the real AWS SDK Service Quotas client against a
 * local endpoint that speaks the service's JSON protocol (awsJson1_1).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { loadDeployment } from '../../iac/deployment.js';
import { evaluateQuotas, increaseCommand, quotaNeeds } from '../../iac/preflight/quotas.js';
import { readQuotas } from '../../scripts/lib/quota-client.js';

/** Quotas the fake account has: applied values, and AWS defaults for the rest. */
let applied = new Map<string, number>();
let defaults = new Map<string, number>();
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
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.boolean(), fc.double({ min: 0, max: 2, noNaN: true })), { minLength: needs.length, maxLength: needs.length }),
        async (plan) => {
          // For each quota: applied or not, and a value around the need (below, at or above it).
          applied = new Map();
          defaults = new Map();
          needs.forEach((n, i) => {
            const [isApplied, factor] = plan[i]!;
            const value = Math.floor(n.needed * factor);
            (isApplied ? applied : defaults).set(`${n.serviceCode}/${n.quotaCode}`, value);
          });
          const result = evaluateQuotas(needs, await readQuotas(client, needs));
          const expected = needs.every((n, i) => n.needed <= Math.floor(n.needed * plan[i]![1]));
          expect(result.ok).toBe(expected);
          for (const c of result.checks) expect(c.ok).toBe(c.needed <= c.available);
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);
});
