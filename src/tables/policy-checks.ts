/**
 * The security checks the synthesized stacks pass (generated/policies/checks.json).
 * One module per artifact, so a page's bundle holds only the data its own tables show.
 */
import checks from '../../generated/policies/checks.json';
import { c, t, type Table } from './cells';

export function policyChecksTable(): Table {
  return { label: 'Security checks', header: ['Check', 'What it requires', 'Controls'], rows: checks.map((k) => [c(k.id), t(k.title), t(k.controls.join(', '))]) };
}
