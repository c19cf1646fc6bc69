/** Tables of the capacity plan, from src/tables, rendered for the site. */
import React from 'react';
import DataTable from './DataTable';
import { cidrPlanTable, nodeGroupTable, sizingSummaryTable } from '../tables/capacity';

export function CidrPlan(): React.JSX.Element {
  return <DataTable table={cidrPlanTable()} />;
}

export function NodeGroupTable(): React.JSX.Element {
  return <DataTable table={nodeGroupTable()} />;
}

export function SizingSummary(): React.JSX.Element {
  return <DataTable table={sizingSummaryTable()} />;
}
