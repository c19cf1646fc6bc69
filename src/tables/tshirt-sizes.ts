/**
 * The workspace t-shirt sizes (generated/coder/catalog.json).
 * One module per artifact, so a page's bundle holds only the data its own tables show.
 */
import sizes from '../../generated/coder/catalog.json';
import { c, t, type Table } from './cells';

export function tshirtTable(): Table {
  return {
    label: 'Workspace t-shirt sizes',
    header: ['Template', 'Size', 'vCPU', 'Memory', 'Home', 'Composition', 'For'],
    rows: sizes.map((s) => [c(s.name), t(s.displayName), t(s.vcpu), t(`${s.memoryGiB} GiB`), t(`${s.storageGiB} GiB`), c(s.composition), t(s.audience)]),
  };
}
