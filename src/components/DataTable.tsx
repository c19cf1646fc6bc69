/** Renders a table built in src/tables (the same data the coder.com/docs export writes as Markdown). */
import React from 'react';
import type { Cell, Table } from '../tables/cells';
import ScrollRegion from './ScrollRegion';

function CellContent({ cell }: { cell: Cell }): React.JSX.Element {
  const inner = cell.code ? <code>{cell.text}</code> : <>{cell.text}</>;
  return cell.strong ? <strong>{inner}</strong> : inner;
}

export default function DataTable({ table }: { table: Table }): React.JSX.Element {
  return (
    <>
      <ScrollRegion label={table.label}>
        <table>
          <thead>
            <tr>
              {table.header.map((h) => (
                <th scope="col" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j}>
                    <CellContent cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {table.notes?.map((note) => <p key={note}>{note}</p>)}
      {table.list && (
        <ul>
          {table.list.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
    </>
  );
}
