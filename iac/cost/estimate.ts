/**
 * A monthly cost estimate from the capacity model and the price inputs:
 * node hours at peak and off-hours, NAT gateways, the NLB, Aurora ACU-hours,
 * node volumes, interface endpoints and the EKS control plane. Pure function.
 * What it leaves out is listed with it: EC2 workspaces, data transfer, logs.
 */
import type { Deployment } from '../deployment.js';
import { PREWARM_MINUTES, SCALE_DOWN_DELAY_MINUTES } from '../capacity/schedule.js';
import { PRICES } from './prices.js';

export const HOURS_PER_MONTH = 730;
/** Average weeks per month. */
const WEEKS_PER_MONTH = 52 / 12;

export interface CostLine {
  item: string;
  quantity: string;
  monthly: number;
}

export interface CostEstimate {
  asOf: string;
  region: string;
  currency: string;
  peakHoursPerMonth: number;
  lines: CostLine[];
  total: number;
  excluded: string[];
}

function hours(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! + m! / 60;
}

const round = (n: number) => Math.round(n * 100) / 100;

// #region estimate
export function estimateCost(deployment: Deployment, prices = PRICES, interfaceEndpoints = 11): CostEstimate {
  const { config, sizing } = deployment;
  const window = config.peakWindow;
  // Nodes run at the peak count from the pre-warm until the floor drops after the window.
  const peakHoursPerDay = hours(window.end) - hours(window.start) + (PREWARM_MINUTES + SCALE_DOWN_DELAY_MINUTES) / 60;
  const peakHours = peakHoursPerDay * window.weekdays.length * WEEKS_PER_MONTH;
  const offHours = HOURS_PER_MONTH - peakHours;
  const price = (type: string) => {
    const p = prices.instanceHour[type];
    if (p === undefined) throw new Error(`no price for ${type}: add it to iac/cost/prices.ts`);
    return p;
  };
  const ng = sizing.nodeGroups;
  const azs = config.availabilityZones.length;
  const nodeHours = {
    control: ng.control.peak * HOURS_PER_MONTH,
    provisioner: ng.provisioner.peak * peakHours + ng.provisioner.offHours * offHours,
    workspace: ng.workspace.peak * peakHours + ng.workspace.offHours * offHours,
  };
  const nodeDisks = (ng.control.peak * 50 + ng.provisioner.peak * 100 + ng.workspace.peak * 200) * (peakHours / HOURS_PER_MONTH)
    + (ng.control.peak * 50 + ng.provisioner.offHours * 100 + ng.workspace.offHours * 200) * (offHours / HOURS_PER_MONTH);
  // Aurora: the floor off-hours, midway between floor and ceiling at peak (an assumption; watch ACUUtilization).
  const acuHours = sizing.database.minAcu * offHours + ((sizing.database.minAcu + sizing.database.maxAcu) / 2) * peakHours;
  const instances = 1 + config.database.readers;
  const lines: CostLine[] = [
    { item: `coder-control nodes (${ng.control.instanceType})`, quantity: `${Math.round(nodeHours.control)} node-hours`, monthly: nodeHours.control * price(ng.control.instanceType) },
    { item: `coder-prov nodes (${ng.provisioner.instanceType})`, quantity: `${Math.round(nodeHours.provisioner)} node-hours`, monthly: nodeHours.provisioner * price(ng.provisioner.instanceType) },
    { item: `coder-ws nodes (${ng.workspace.instanceType})`, quantity: `${Math.round(nodeHours.workspace)} node-hours`, monthly: nodeHours.workspace * price(ng.workspace.instanceType) },
    { item: 'Node root volumes (gp3)', quantity: `${Math.round(nodeDisks)} GB-months`, monthly: nodeDisks * prices.gp3GbMonth },
    { item: 'EKS control plane', quantity: `${HOURS_PER_MONTH} hours`, monthly: HOURS_PER_MONTH * prices.eksClusterHour },
    { item: `Aurora Serverless v2 (${instances} instances)`, quantity: `${Math.round(acuHours * instances)} ACU-hours`, monthly: acuHours * instances * prices.auroraAcuHour },
    { item: 'NAT gateways (one per AZ, hours only)', quantity: `${azs} × ${HOURS_PER_MONTH} hours`, monthly: azs * HOURS_PER_MONTH * prices.natGatewayHour },
    { item: 'Network Load Balancer', quantity: `${HOURS_PER_MONTH} hours, 1 LCU average`, monthly: HOURS_PER_MONTH * (prices.nlbHour + prices.nlbLcuHour) },
    { item: 'VPC interface endpoints', quantity: `${interfaceEndpoints} × ${azs} AZs`, monthly: interfaceEndpoints * azs * HOURS_PER_MONTH * prices.vpcInterfaceEndpointHour },
  ].map((l) => ({ ...l, monthly: round(l.monthly) }));
  return {
    asOf: prices.asOf,
    region: prices.region,
    currency: prices.currency,
    peakHoursPerMonth: Math.round(peakHours),
    lines,
    total: round(lines.reduce((sum, l) => sum + l.monthly, 0)),
    excluded: [
      'EC2 workspaces (billed per template and instance type while running)',
      'Workspace home volumes (EBS, per workspace)',
      'Data transfer, NAT gateway data processing, and NLB traffic above one LCU',
      'CloudWatch logs and metrics, S3, KMS requests, Secrets Manager',
      'Aurora storage and I/O',
      'Coder Premium licence',
    ],
  };
}
// #endregion estimate
