/**
 * Tables of the capacity plan (generated/capacity/plan.json, written by the
 * pipeline from the production profile through the capacity model).
 */
import React from 'react';
import ScrollRegion from './ScrollRegion';
import plan from '@site/generated/capacity/plan.json';
// Types only: the site reads the generated JSON, never runs the IaC program.
import type { NodeGroupSize } from '@site/iac/capacity/sizing';

const NODE_GROUP_NAMES: Record<string, string> = { control: 'coder-control', provisioner: 'coder-prov', workspace: 'coder-ws' };
const WORKLOAD: Record<string, string> = { control: 'coderd replica', provisioner: 'provisioner', workspace: 'workspace' };

export function CidrPlan(): React.JSX.Element {
  return (
    <>
      <ScrollRegion label="Subnet plan">
      <table>
        <thead>
          <tr>
            <th scope="col">Tier</th>
            <th scope="col">Availability Zone</th>
            <th scope="col">CIDR</th>
            <th scope="col">Usable addresses</th>
            <th scope="col">Needed at peak (with buffer)</th>
          </tr>
        </thead>
        <tbody>
          {plan.network.subnets.map((s) => (
            <tr key={`${s.tier}-${s.az}`}>
              <td>{s.tier}</td>
              <td>{s.az}</td>
              <td>
                <code>{s.cidr}</code>
              </td>
              <td>{s.usable.toLocaleString('en-US')}</td>
              <td>{s.needed.toLocaleString('en-US')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </ScrollRegion>
      <p>
        VPC <code>{plan.network.vpcCidr}</code>: {plan.network.free.toLocaleString('en-US')} addresses left unallocated for growth.
      </p>
    </>
  );
}

export function NodeGroupTable(): React.JSX.Element {
  const groups = plan.nodeGroups as Record<string, NodeGroupSize>;
  return (
    <ScrollRegion label="Node groups">
    <table>
      <thead>
        <tr>
          <th scope="col">Node group</th>
          <th scope="col">Instance type</th>
          <th scope="col">Per node</th>
          <th scope="col">Peak nodes</th>
          <th scope="col">Off-hours nodes</th>
          <th scope="col">Min / max</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(groups).map(([key, g]) => (
          <tr key={key}>
            <td>
              <code>{NODE_GROUP_NAMES[key] ?? key}</code>
            </td>
            <td>
              <code>{g.instanceType}</code>
            </td>
            <td>
              {g.perNode} {WORKLOAD[key] ?? 'pod'}
              {g.perNode === 1 ? '' : 's'}
            </td>
            <td>{g.peak}</td>
            <td>{g.offHours}</td>
            <td>
              {g.min} / {g.max}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </ScrollRegion>
  );
}

export function SizingSummary(): React.JSX.Element {
  const { tier, coderd, provisioners, database, workspaces, inputs } = plan;
  const ec2 = workspaces.peak.ec2Linux + workspaces.peak.ec2Windows + workspaces.peak.ec2Gpu;
  return (
    <ScrollRegion label="Sizing summary">
    <table>
      <thead>
        <tr>
          <th scope="col">Component</th>
          <th scope="col">Size</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>Coder tier</td>
          <td>{tier.name}</td>
          <td>
            {inputs.users.toLocaleString('en-US')} users and {inputs.peakWorkspaces.toLocaleString('en-US')} running workspaces: the smallest
            validated architecture none of whose limits ({tier.users.toLocaleString('en-US')} users,{' '}
            {tier.runningWorkspaces.toLocaleString('en-US')} running workspaces, {tier.concurrentBuilds} builds) is exceeded
          </td>
        </tr>
        <tr>
          <td>coderd</td>
          <td>
            {coderd.replicas} replicas × {coderd.cpu} vCPU / {coderd.memoryGiB} GiB, static
          </td>
          <td>the tier's replica count and size; never autoscaled</td>
        </tr>
        <tr>
          <td>Provisioners</td>
          <td>
            {provisioners.peak} at peak, {provisioners.offHours} off-hours × {provisioners.cpu} vCPU / {provisioners.memoryGiB} GiB
          </td>
          <td>one per concurrent build; builds are {Math.round(inputs.buildShare * 100)}% of running workspaces</td>
        </tr>
        <tr>
          <td>Workspaces at peak</td>
          <td>
            {workspaces.peak.pod.toLocaleString('en-US')} pods, {ec2.toLocaleString('en-US')} EC2 ({workspaces.peak.ec2Linux} Linux, {workspaces.peak.ec2Windows} Windows,{' '}
            {workspaces.peak.ec2Gpu} GPU)
          </td>
          <td>the configured workspace mix</td>
        </tr>
        <tr>
          <td>Aurora Serverless v2</td>
          <td>
            {database.minAcu}–{database.maxAcu} ACU, <code>max_connections</code> {database.maxConnections}
          </td>
          <td>
            ceiling from the tier's database memory (1 ACU ≈ 2 GiB); floor keeps {database.requiredConnections} connections (every coderd pool + 20%) open at minimum capacity
          </td>
        </tr>
      </tbody>
    </table>
    </ScrollRegion>
  );
}
