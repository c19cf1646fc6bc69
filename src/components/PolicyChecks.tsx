/** The security checks every synthesized stack must pass (generated/policies/checks.json). */
import React from 'react';
import ScrollRegion from './ScrollRegion';
import checks from '@site/generated/policies/checks.json';

export default function PolicyChecks(): React.JSX.Element {
  return (
    <ScrollRegion label="Security checks">
    <table>
      <thead>
        <tr>
          <th scope="col">Check</th>
          <th scope="col">What it requires</th>
          <th scope="col">Controls</th>
        </tr>
      </thead>
      <tbody>
        {checks.map((c) => (
          <tr key={c.id}>
            <td>
              <code>{c.id}</code>
            </td>
            <td>{c.title}</td>
            <td>{c.controls.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </ScrollRegion>
  );
}
