/**
 * The guide's data tables as plain data: header and rows of cells, built from
 * the generated artifacts. The site renders them as React tables
 * (src/components/DataTable.tsx); the coder.com/docs export renders the same
 * tables as Markdown. One builder per table, so both always agree; each
 * in the module of the artifact it reads (components import that module).
 */
import type { Table } from './cells';
import { stackInventoryTable } from './stacks';
import { cidrPlanTable, nodeGroupTable, sizingSummaryTable } from './capacity';
import { configReferenceTable } from './config-reference';
import { policyChecksTable } from './policy-checks';
import { tshirtTable } from './tshirt-sizes';
import { costTable } from './cost';
import { quotaNeedsTable } from './quota-needs';
import { toolsTable } from './tools';
import { guideStepsTable } from './guide-steps';

export type { Cell, Table } from './cells';
export { stackInventoryTable } from './stacks';
export { cidrPlanTable, nodeGroupTable, sizingSummaryTable } from './capacity';
export { configReferenceTable } from './config-reference';
export { policyChecksTable } from './policy-checks';
export { tshirtTable } from './tshirt-sizes';
export { costTable } from './cost';
export { quotaNeedsTable } from './quota-needs';
export { toolsTable } from './tools';
export { guideStepsTable, runnerNote } from './guide-steps';

/** The tables pages may use, by the component name they use in MDX. */
export const TABLES: Record<string, () => Table> = {
  GuideSteps: guideStepsTable,
  ToolsTable: toolsTable,
  QuotaNeeds: quotaNeedsTable,
  StackInventory: stackInventoryTable,
  CidrPlan: cidrPlanTable,
  NodeGroupTable: nodeGroupTable,
  SizingSummary: sizingSummaryTable,
  ConfigReference: configReferenceTable,
  PolicyChecks: policyChecksTable,
  TShirtSizes: tshirtTable,
  CostEstimate: costTable,
};
