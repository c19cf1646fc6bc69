#!/usr/bin/env -S npx tsx
/**
 * npm run preflight:quotas [-- --profile production] [--endpoint URL]
 * Computes the quotas the profile's capacity needs, reads the account's
 * applied values (AWS defaults where none are applied) with the AWS SDK, and
 * passes iff every need is met. On a shortfall: a table and the exact
 * request-service-quota-increase commands; exit code 1.
 */
import { parseArgs } from 'node:util';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { loadDeployment } from '../iac/deployment.js';
import { evaluateQuotas, increaseCommand, quotaNeeds } from '../iac/preflight/quotas.js';
import { readQuotas } from './lib/quota-client.js';

async function main() {
  const { values } = parseArgs({ options: { profile: { type: 'string', default: process.env.GUIDE_PROFILE ?? 'production' }, endpoint: { type: 'string' } } });
  const deployment = loadDeployment(values.profile!);
  const client = new ServiceQuotasClient({ region: deployment.config.region, ...(values.endpoint ? { endpoint: values.endpoint } : {}) });
  const needs = quotaNeeds(deployment);
  const { ok, checks } = evaluateQuotas(needs, await readQuotas(client, needs));
  for (const c of checks) {
    console.log(`${c.ok ? 'ok  ' : 'SHORT'} ${c.quotaCode.padEnd(11)} ${c.name}: need ${c.needed}, have ${c.available} (${c.source}) — ${c.reasoning}`);
  }
  const short = checks.filter((c) => !c.ok);
  if (short.length) {
    console.log(`\n${short.length} quota(s) too low. Request the increases (they can take days):`);
    for (const c of short) console.log(increaseCommand(c, deployment.config.region));
    process.exitCode = 1;
  } else if (ok) {
    console.log('\npreflight:quotas: every quota the capacity needs is available');
  }
}

main().catch((error: Error) => {
  console.error(`preflight:quotas could not run: ${error.message}`);
  process.exitCode = 2;
});
