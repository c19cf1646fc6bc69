/**
 * Reads the account's quotas with the AWS SDK's Service Quotas client: the
 * applied value where there is one, else AWS's default for the quota.
 */
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, NoSuchResourceException, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { QuotaNeed } from '../../iac/preflight/quotas.js';

export async function readQuotas(client: ServiceQuotasClient, needs: QuotaNeed[]): Promise<Map<string, { value: number; source: 'applied' | 'aws-default' }>> {
  const out = new Map<string, { value: number; source: 'applied' | 'aws-default' }>();
  for (const need of needs) {
    const key = `${need.serviceCode}/${need.quotaCode}`;
    const input = { ServiceCode: need.serviceCode, QuotaCode: need.quotaCode };
    try {
      const applied = await client.send(new GetServiceQuotaCommand(input));
      if (applied.Quota?.Value !== undefined) {
        out.set(key, { value: applied.Quota.Value, source: 'applied' });
        continue;
      }
    } catch (error) {
      if (!(error instanceof NoSuchResourceException)) throw error;
    }
    const fallback = await client.send(new GetAWSDefaultServiceQuotaCommand(input));
    out.set(key, { value: fallback.Quota?.Value ?? need.awsDefault, source: 'aws-default' });
  }
  return out;
}
