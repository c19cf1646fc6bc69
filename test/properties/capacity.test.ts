import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Address4 } from 'ip-address';
import { resolveDeployment } from '../../iac/deployment.js';
import { contains, isNetworkAddress, overlaps } from '../../iac/capacity/cidr.js';
import { RESERVED_PER_SUBNET, TIERS } from '../../iac/capacity/network-plan.js';
import { MAX_NODES_PER_MANAGED_GROUP, CONNECTIONS_PER_ACU } from '../../iac/capacity/sizing.js';
import { peakSchedules } from '../../iac/capacity/schedule.js';
import { resolveOrSkip, validConfig } from '../helpers/arbitraries.js';
import { production } from '../../iac/config/profiles/production.js';


describe('capacity model', () => {
  it('Feature: coder-deployment-guide, capacity property: the CIDR plan is disjoint, inside the VPC, one subnet per tier and AZ, each large enough for its peak with the growth buffer', () => {
    fc.assert(
      fc.property(validConfig, (raw) => {
        const { config, network } = resolveOrSkip(raw);
        const subnets = network.subnets;
        expect(subnets).toHaveLength(TIERS.length * config.availabilityZones.length);
        for (const tier of TIERS) {
          expect(subnets.filter((s) => s.tier === tier).map((s) => s.az).sort()).toEqual([...config.availabilityZones].sort());
        }
        for (const [i, s] of subnets.entries()) {
          expect(isNetworkAddress(s.cidr), s.cidr).toBe(true);
          expect(contains(config.network.vpcCidr, s.cidr), `${s.cidr} in ${config.network.vpcCidr}`).toBe(true);
          expect(s.usable).toBe(2 ** (32 - new Address4(s.cidr).subnetMask) - RESERVED_PER_SUBNET);
          expect(s.usable, `${s.tier}/${s.az}`).toBeGreaterThanOrEqual(s.needed);
          for (const other of subnets.slice(i + 1)) expect(overlaps(s.cidr, other.cidr), `${s.cidr} vs ${other.cidr}`).toBe(false);
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });

  it('Feature: coder-deployment-guide, capacity property: node groups hold the peak, stay within quota, and off-hours never exceeds peak', () => {
    fc.assert(
      fc.property(validConfig, (raw) => {
        const { config, sizing } = resolveOrSkip(raw);
        const { workspace, provisioner, control } = sizing.nodeGroups;
        expect(workspace.peak * workspace.perNode).toBeGreaterThanOrEqual(sizing.workspaces.peak.pod);
        expect(provisioner.peak * provisioner.perNode).toBeGreaterThanOrEqual(sizing.provisioners.peak);
        expect(workspace.max).toBeGreaterThanOrEqual(Math.ceil(workspace.peak * (1 + config.capacity.growthBuffer)) - 1);
        for (const g of [workspace, provisioner, control]) {
          expect(g.max).toBeLessThanOrEqual(MAX_NODES_PER_MANAGED_GROUP);
          expect(g.min).toBeLessThanOrEqual(g.peak);
          expect(g.offHours).toBeLessThanOrEqual(g.peak);
        }
        const off = sizing.workspaces.offHours;
        for (const kind of ['pod', 'ec2Linux', 'ec2Windows', 'ec2Gpu'] as const) expect(off[kind]).toBeLessThanOrEqual(sizing.workspaces.peak[kind]);
        const counts = sizing.workspaces.peak;
        expect(counts.pod + counts.ec2Linux + counts.ec2Windows + counts.ec2Gpu).toBeGreaterThanOrEqual(config.capacity.peakWorkspaces);
        // Property 4's sizing side: coderd is a fixed count, at least one per AZ.
        expect(sizing.coderd.replicas).toBeGreaterThanOrEqual(config.availabilityZones.length);
        expect(control.min).toBe(control.max);
        // max_connections at minimum capacity covers every coderd pool with 20% to spare.
        expect(sizing.database.maxConnections).toBeGreaterThanOrEqual(sizing.coderd.replicas * config.database.connectionsPerReplica * 1.2);
        expect(sizing.database.maxConnections).toBeLessThanOrEqual(sizing.database.minAcu * CONNECTIONS_PER_ACU);
        expect(sizing.database.minAcu).toBeLessThanOrEqual(sizing.database.maxAcu);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });

  it('Feature: coder-deployment-guide, capacity property: scheduled scaling raises to peak before the window and only lowers the floor after it', () => {
    fc.assert(
      fc.property(validConfig, (raw) => {
        const { config, sizing } = resolveOrSkip(raw);
        for (const group of [sizing.nodeGroups.workspace, sizing.nodeGroups.provisioner]) {
          const [up, down] = peakSchedules(config.peakWindow, group);
          const [upMin, upHour] = up!.recurrence.split(' ').map(Number);
          const [downMin, downHour] = down!.recurrence.split(' ').map(Number);
          const start = Number(config.peakWindow.start.slice(0, 2)) * 60;
          const end = Number(config.peakWindow.end.slice(0, 2)) * 60;
          expect(upHour! * 60 + upMin!).toBeLessThan(start);
          expect(downHour! * 60 + downMin!).toBeGreaterThan(end);
          expect(up!.desiredCapacity).toBe(group.peak);
          // Scale-down never sets a desired count: nodes with running workspaces are not terminated by the schedule.
          expect(down!.desiredCapacity).toBeUndefined();
          expect(down!.minSize).toBe(group.offHours);
          expect(up!.timeZone).toBe(config.peakWindow.timezone);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the production profile', () => {
  const { sizing, network } = resolveDeployment(production);
  it('reproduces the seed table where the seed is valid, and repairs the workspace tier', () => {
    const cidrs = (tier: string) => network.subnets.filter((s) => s.tier === tier).map((s) => s.cidr);
    expect(cidrs('public')).toEqual(['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20']);
    expect(cidrs('control')).toEqual(['10.0.48.0/20', '10.0.64.0/20', '10.0.80.0/20']);
    expect(cidrs('provisioner')).toEqual(['10.0.96.0/20', '10.0.112.0/20', '10.0.128.0/20']);
    // The seed's single 10.0.144.0/18 is no network address and no subnet per AZ.
    expect(isNetworkAddress('10.0.144.0/18')).toBe(false);
    expect(cidrs('workspace')).toEqual(['10.0.144.0/20', '10.0.160.0/20', '10.0.176.0/20']);
    expect(cidrs('database')).toEqual(['10.0.192.0/21', '10.0.200.0/21', '10.0.208.0/21']);
  });
  it('follows Coder\'s validated architecture: 3000 running workspaces exceed the 3k tier', () => {
    expect(sizing.tier.runningWorkspaces).toBe(6000);
    expect(sizing.coderd).toEqual({ replicas: 10, cpu: 4, memoryGiB: 12 });
    expect(sizing.provisioners.peak).toBe(300);
  });
});
