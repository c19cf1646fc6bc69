/** CostEstimate: a table from src/tables, rendered for the site. */
import React from 'react';
import DataTable from './DataTable';
import { costTable } from '../tables/cost';

export default function CostEstimate(): React.JSX.Element {
  return <DataTable table={costTable()} />;
}
