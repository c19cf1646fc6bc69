/**
 * TieredVpc: a VPC with one subnet per tier and AZ, a NAT gateway per AZ,
 * the default security group stripped of rules, flow logs to an encrypted
 * log group, and the VPC endpoints private nodes need. Takes a subnet plan;
 * knows nothing of Coder or of the deployment config.
 */
import { Construct } from 'constructs';
import { Vpc } from '@cdktn/provider-aws/lib/vpc';
import { Subnet } from '@cdktn/provider-aws/lib/subnet';
import { InternetGateway } from '@cdktn/provider-aws/lib/internet-gateway';
import { Eip } from '@cdktn/provider-aws/lib/eip';
import { NatGateway } from '@cdktn/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktn/provider-aws/lib/route-table';
import { Route } from '@cdktn/provider-aws/lib/route';
import { RouteTableAssociation } from '@cdktn/provider-aws/lib/route-table-association';
import { DefaultSecurityGroup } from '@cdktn/provider-aws/lib/default-security-group';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktn/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcEndpoint } from '@cdktn/provider-aws/lib/vpc-endpoint';
import { FlowLog } from '@cdktn/provider-aws/lib/flow-log';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { DataAwsIamPolicyDocument } from '@cdktn/provider-aws/lib/data-aws-iam-policy-document';
import { EncryptedLogGroup } from './encrypted-log-group.js';

export interface SubnetSpec {
  tier: string;
  az: string;
  cidr: string;
  /** Public subnets route to the internet gateway; the rest to their AZ's NAT gateway. */
  public: boolean;
  tags: Record<string, string>;
}

export interface TieredVpcProps {
  name: string;
  region: string;
  cidr: string;
  subnets: SubnetSpec[];
  flowLogRetentionDays: number;
  /** Interface endpoint service short names, e.g. ["ecr.api", "sts"]. */
  interfaceEndpoints: string[];
  /** Tiers whose route tables get the S3 gateway endpoint. */
  privateTiers: string[];
}

export class TieredVpc extends Construct {
  readonly vpc: Vpc;
  /** Subnets by tier, in AZ order. */
  readonly subnets: Record<string, Subnet[]> = {};
  private readonly byTierAz = new Map<string, Subnet>();
  readonly endpointSecurityGroup: SecurityGroup;
  readonly natGateways: NatGateway[] = [];

  constructor(scope: Construct, id: string, props: TieredVpcProps) {
    super(scope, id);
    const azs = [...new Set(props.subnets.map((s) => s.az))];

    // #region vpc-core
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });

    // The default security group allows all traffic between its members: take every rule away.
    new DefaultSecurityGroup(this, 'default-sg', { vpcId: this.vpc.id, ingress: [], egress: [], tags: { Name: `${props.name}-default-deny` } });

    for (const spec of props.subnets) {
      const subnet = new Subnet(this, `subnet-${spec.tier}-${spec.az}`, {
        vpcId: this.vpc.id,
        cidrBlock: spec.cidr,
        availabilityZone: spec.az,
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-${spec.tier}-${spec.az}`, 'coder.com/tier': spec.tier, ...spec.tags },
      });
      (this.subnets[spec.tier] ??= []).push(subnet);
      this.byTierAz.set(`${spec.tier}/${spec.az}`, subnet);
    }
    // #endregion vpc-core

    // #region vpc-routing
    const igw = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: props.name } });
    const publicRoutes = new RouteTable(this, 'rt-public', { vpcId: this.vpc.id, tags: { Name: `${props.name}-public` } });
    new Route(this, 'rt-public-default', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });

    const privateRouteTables: RouteTable[] = [];
    azs.forEach((az, i) => {
      const publicSpec = props.subnets.find((spec) => spec.public && spec.az === az);
      const publicSubnet = publicSpec && this.byTierAz.get(`${publicSpec.tier}/${az}`);
      if (!publicSubnet) throw new Error(`TieredVpc: no public subnet in ${az} for its NAT gateway`);
      const eip = new Eip(this, `nat-eip-${az}`, { domain: 'vpc', tags: { Name: `${props.name}-nat-${az}` } });
      const nat = new NatGateway(this, `nat-${az}`, { allocationId: eip.allocationId, subnetId: publicSubnet.id, tags: { Name: `${props.name}-${az}` }, dependsOn: [igw] });
      this.natGateways.push(nat);
      const rt = new RouteTable(this, `rt-private-${az}`, { vpcId: this.vpc.id, tags: { Name: `${props.name}-private-${az}` } });
      new Route(this, `rt-private-${az}-default`, { routeTableId: rt.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
      privateRouteTables[i] = rt;
    });

    for (const spec of props.subnets) {
      const subnet = this.byTierAz.get(`${spec.tier}/${spec.az}`)!;
      new RouteTableAssociation(this, `rta-${spec.tier}-${spec.az}`, {
        subnetId: subnet.id,
        routeTableId: spec.public ? publicRoutes.id : privateRouteTables[azs.indexOf(spec.az)]!.id,
      });
    }
    // #endregion vpc-routing

    // #region vpc-flow-logs
    const logGroup = new EncryptedLogGroup(this, 'flow-log-group', {
      name: `/aws/vpc/${props.name}/flow-logs`,
      region: props.region,
      retentionInDays: props.flowLogRetentionDays,
    }).group;
    const flowLogRole = new IamRole(this, 'flow-log-role', {
      name: `${props.name}-vpc-flow-logs`,
      assumeRolePolicy: new DataAwsIamPolicyDocument(this, 'flow-log-trust', {
        statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }] }],
      }).json,
    });
    new IamRolePolicy(this, 'flow-log-write', {
      role: flowLogRole.id,
      policy: new DataAwsIamPolicyDocument(this, 'flow-log-write-doc', {
        statement: [
          {
            actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            resources: [`${logGroup.arn}:*`],
          },
        ],
      }).json,
    });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: flowLogRole.arn,
      maxAggregationInterval: 60,
    });
    // #endregion vpc-flow-logs

    // #region vpc-endpoints
    this.endpointSecurityGroup = new SecurityGroup(this, 'endpoints-sg', {
      name: `${props.name}-vpc-endpoints`,
      description: 'HTTPS from inside the VPC to the interface endpoints',
      vpcId: this.vpc.id,
    });
    new VpcSecurityGroupIngressRule(this, 'endpoints-https', {
      securityGroupId: this.endpointSecurityGroup.id,
      description: 'HTTPS from the VPC',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.cidr,
    });

    new VpcEndpoint(this, 'endpoint-s3', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: privateRouteTables.map((rt) => rt.id),
      tags: { Name: `${props.name}-s3` },
    });
    // One interface endpoint per service, with an ENI in each AZ's first private tier subnet.
    const endpointSubnets = this.subnets[props.privateTiers[0]!]!.map((s) => s.id);
    for (const service of props.interfaceEndpoints) {
      new VpcEndpoint(this, `endpoint-${service.replace(/\./g, '-')}`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: endpointSubnets,
        securityGroupIds: [this.endpointSecurityGroup.id],
        tags: { Name: `${props.name}-${service}` },
      });
    }
    // #endregion vpc-endpoints
  }

  subnetIds(tier: string): string[] {
    return (this.subnets[tier] ?? []).map((s) => s.id);
  }
}
