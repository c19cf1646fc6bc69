/** GuideSteps: the runner's steps, from its own step list (src/tables). */
import React from 'react';
import DataTable from './DataTable';
import { guideStepsTable } from '../tables/guide-steps';

export default function GuideSteps(): React.JSX.Element {
  return <DataTable table={guideStepsTable()} />;
}
