/** ToolsTable: the CLIs the guide's steps need, from the runner's own tool list (src/tables). */
import React from 'react';
import DataTable from './DataTable';
import { toolsTable } from '../tables/tools';

export default function ToolsTable(): React.JSX.Element {
  return <DataTable table={toolsTable()} />;
}
