/** GuideSteps: the runner's steps, from its own step list (src/tables). */
import React from 'react';
import DataTable from './DataTable';
import { guideStepsTable } from '../tables';

export default function GuideSteps(): React.JSX.Element {
  return <DataTable table={guideStepsTable()} />;
}
