/**
 * The service quotas the production profile needs (generated/preflight/quota-needs.json).
 * One module per artifact, so a page's bundle holds only the data its own tables show.
 */
import quotas from '../../generated/preflight/quota-needs.json';
import { c, n, t, type Table } from './cells';

export function quotaNeedsTable(): Table {
  return {
    label: 'Service quotas the production profile needs',
    header: ['Quota', 'Code', 'AWS default', 'Needed', 'Why'],
    rows: quotas.map((q) => [t(q.name), c(`${q.serviceCode} ${q.quotaCode}`), t(n(q.awsDefault)), { text: n(q.needed), strong: q.needed > q.awsDefault }, t(q.reasoning)]),
    notes: ['Needed values above the AWS default (in bold) need an increase unless your account already has one applied: npm run preflight:quotas reads what is applied.'],
  };
}
