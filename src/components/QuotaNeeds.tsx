/** QuotaNeeds: the quota pre-flight's needs for the production profile, from src/tables. */
import React from 'react';
import DataTable from './DataTable';
import { quotaNeedsTable } from '../tables/quota-needs';

export default function QuotaNeeds(): React.JSX.Element {
  return <DataTable table={quotaNeedsTable()} />;
}
