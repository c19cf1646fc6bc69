/**
 * The synthesized stacks (generated/stacks/index.json).
 * One module per artifact, so a page's bundle holds only the data its own tables show.
 */
import inventory from '../../generated/stacks/index.json';
import { c, t, type Table } from './cells';

export function stackInventoryTable(): Table {
  type S = { stack: string; backend: { type: string; key: string }; providers: Record<string, { source?: string; version?: string }>; resources: Record<string, number>; resourceCount: number };
  return {
    label: 'Synthesized stacks',
    header: ['Stack', 'State object', 'Providers', 'Resources'],
    rows: (inventory as unknown as S[]).map((s) => [
      c(s.stack),
      { text: `${s.backend.key} (${s.backend.type})` },
      t(Object.values(s.providers).map((p) => `${p.source ?? '?'} ${p.version ?? ''}`.trim()).join(', ')),
      t(`${s.resourceCount}: ${Object.entries(s.resources).map(([type, k]) => (k > 1 ? `${type} ×${k}` : type)).join(', ')}`),
    ]),
  };
}
