/** ConfigReference: a table from src/tables, rendered for the site. */
import React from 'react';
import DataTable from './DataTable';
import { configReferenceTable } from '../tables/config-reference';

export default function ConfigReference(): React.JSX.Element {
  return <DataTable table={configReferenceTable()} />;
}
