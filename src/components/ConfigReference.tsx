/**
 * The configuration reference: every field of the deployment config with its
 * type, default and meaning, read from generated/config/reference.json, which
 * the pipeline derives from the zod schema.
 */
import React from 'react';
import ScrollRegion from './ScrollRegion';
import rows from '@site/generated/config/reference.json';
// Types only: the site reads the generated JSON, never runs the IaC program.
import type { ReferenceRow } from '@site/iac/config/reference';

export default function ConfigReference(): React.JSX.Element {
  return (
    <ScrollRegion label="Configuration fields">
    <table>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Default</th>
          <th scope="col">Meaning</th>
        </tr>
      </thead>
      <tbody>
        {(rows as ReferenceRow[]).map((row) => (
          <tr key={row.field} id={`config-${row.field.replace(/\./g, '-')}`}>
            <td>
              {row.section ? <strong><code>{row.field}</code></strong> : <code>{row.field}</code>}
            </td>
            <td>
              <code>{row.type}</code>
            </td>
            <td>{row.default !== undefined ? <code>{row.default}</code> : row.required ? 'required' : 'optional'}</td>
            <td>{row.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </ScrollRegion>
  );
}
