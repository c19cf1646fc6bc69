/**
 * Every configuration field (generated/config/reference.json).
 * One module per artifact, so a page's bundle holds only the data its own tables show.
 */
import reference from '../../generated/config/reference.json';
import { c, t, type Table } from './cells';

export function configReferenceTable(): Table {
  type R = { field: string; type: string; required: boolean; default?: string; description: string; section: boolean };
  return {
    label: 'Configuration fields',
    header: ['Field', 'Type', 'Default', 'Meaning'],
    rows: (reference as R[]).map((r) => [
      { text: r.field, code: true, strong: r.section },
      c(r.type),
      r.default !== undefined ? c(r.default) : t(r.required ? 'required' : 'optional'),
      t(r.description),
    ]),
  };
}
