#!/usr/bin/env -S npx tsx
/**
 * npm run preflight:quotas [-- --profile production] [--endpoint URL]
 * Computes the quotas the profile's capacity needs, reads the account's
 * applied values (AWS defaults where none are applied) with the AWS SDK, and
 * passes iff every need is met. On a shortfall: a table and the exact
 * request-service-quota-increase commands; exit code 1.
 */
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { loadDeployment } from '../iac/deployment.js';
import { evaluateQuotas, increaseCommand, quotaNeeds } from '../iac/preflight/quotas.js';
import { readQuotas } from './lib/quota-client.js';
import { runCli } from './lib/cli.js';

runCli(
  {
    command: 'npm run preflight:quotas',
    synopsis: '[-- --profile P] [--endpoint URL]',
    description: "Checks the AWS account's service quotas against what the profile's capacity needs (AWS credentials required). Exit 1 when a quota is short, 2 when the quotas cannot be read.",
    options: {
      profile: { type: 'string', default: process.env.GUIDE_PROFILE ?? 'production', value: '<profile>', help: 'the profile whose capacity is checked' },
      endpoint: { type: 'string', value: '<url>', help: 'the Service Quotas endpoint (a VPC endpoint)' },
    },
    example: 'npm run preflight:quotas -- --profile production',
  },
  async ({ values }) => {
    try {
      return await main(values.profile as string, values.endpoint as string | undefined);
    } catch (error) {
      if (Array.isArray((error as { problems?: unknown }).problems)) throw error;
      console.error(`preflight:quotas could not run: ${(error as Error).message}`);
      return 2;
    }
  },
);

async function main(profile: string, endpoint: string | undefined): Promise<number> {
  const deployment = loadDeployment(profile);
  const client = new ServiceQuotasClient({ region: deployment.config.region, ...(endpoint ? { endpoint } : {}) });
  const needs = quotaNeeds(deployment);
  const { ok, checks } = evaluateQuotas(needs, await readQuotas(client, needs));
  for (const c of checks) {
    console.log(`${c.ok ? 'ok  ' : 'SHORT'} ${c.quotaCode.padEnd(11)} ${c.name}: need ${c.needed}, have ${c.available} (${c.source}) — ${c.reasoning}`);
  }
  const short = checks.filter((c) => !c.ok);
  if (short.length) {
    console.log(`\n${short.length} quota(s) too low. Request the increases (they can take days):`);
    for (const c of short) console.log(increaseCommand(c, deployment.config.region));
    return 1;
  }
  if (ok) console.log('\npreflight:quotas: every quota the capacity needs is available');
  return 0;
}
