/** TShirtSizes: a table from src/tables, rendered for the site. */
import React from 'react';
import DataTable from './DataTable';
import { tshirtTable } from '../tables/tshirt-sizes';

export default function TShirtSizes(): React.JSX.Element {
  return <DataTable table={tshirtTable()} />;
}
