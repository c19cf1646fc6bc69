/**
 * A table of the synthesized stacks, read from generated/stacks/index.json
 * (written by `npm run generate`, drift-checked in CI). The site never runs the
 * IaC program; it reads what the program produced.
 */
import React from 'react';
import ScrollRegion from './ScrollRegion';
import inventory from '@site/generated/stacks/index.json';

interface StackSummary {
  stack: string;
  backend: { type: string; key: string };
  requiredVersion: string | null;
  providers: Record<string, { source?: string; version?: string }>;
  resources: Record<string, number>;
  resourceCount: number;
}

export default function StackInventory(): React.JSX.Element {
  const stacks = inventory as unknown as StackSummary[];
  return (
    <ScrollRegion label="Synthesized stacks">
    <table>
      <thead>
        <tr>
          <th scope="col">Stack</th>
          <th scope="col">State object</th>
          <th scope="col">Providers</th>
          <th scope="col">Resources</th>
        </tr>
      </thead>
      <tbody>
        {stacks.map((s) => (
          <tr key={s.stack}>
            <td>
              <code>{s.stack}</code>
            </td>
            <td>
              <code>{s.backend.key}</code> ({s.backend.type})
            </td>
            <td>
              {Object.values(s.providers)
                .map((p) => `${p.source ?? '?'} ${p.version ?? ''}`.trim())
                .join(', ')}
            </td>
            <td>
              {s.resourceCount}:{' '}
              {Object.entries(s.resources)
                .map(([type, n]) => (n > 1 ? `${type} ×${n}` : type))
                .join(', ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </ScrollRegion>
  );
}
