/** PolicyChecks: a table from src/tables, rendered for the site. */
import React from 'react';
import DataTable from './DataTable';
import { policyChecksTable } from '../tables/policy-checks';

export default function PolicyChecks(): React.JSX.Element {
  return <DataTable table={policyChecksTable()} />;
}
