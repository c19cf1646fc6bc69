/** The workspace t-shirt sizes (generated/coder/catalog.json). */
import React from 'react';
import ScrollRegion from './ScrollRegion';
import sizes from '@site/generated/coder/catalog.json';

export default function TShirtSizes(): React.JSX.Element {
  return (
    <ScrollRegion label="Workspace t-shirt sizes">
    <table>
      <thead>
        <tr>
          <th scope="col">Template</th>
          <th scope="col">Size</th>
          <th scope="col">vCPU</th>
          <th scope="col">Memory</th>
          <th scope="col">Home</th>
          <th scope="col">Composition</th>
          <th scope="col">For</th>
        </tr>
      </thead>
      <tbody>
        {sizes.map((s) => (
          <tr key={s.name}>
            <td>
              <code>{s.name}</code>
            </td>
            <td>{s.displayName}</td>
            <td>{s.vcpu}</td>
            <td>{s.memoryGiB} GiB</td>
            <td>{s.storageGiB} GiB</td>
            <td>
              <code>{s.composition}</code>
            </td>
            <td>{s.audience}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </ScrollRegion>
  );
}
