/** StackInventory: a table from src/tables, rendered for the site. */
import React from 'react';
import DataTable from './DataTable';
import { stackInventoryTable } from '../tables/stacks';

export default function StackInventory(): React.JSX.Element {
  return <DataTable table={stackInventoryTable()} />;
}
