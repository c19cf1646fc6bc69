/**
 * The provisioner's IAM policy, asked by a real IAM policy simulator about
 * each request terraform-provider-aws makes for the AWS resources of the EC2
 * bases (templates/shared-ec2-workspace), one authorization at a time: every
 * resource a call touches is authorized on its own, with the condition keys
 * AWS supplies for it. And the requests it must refuse.
 *
 * What the provider sends is this file's contract (read from
 * terraform-provider-aws and the EC2 Service Authorization Reference); the
 * test fails when the module gains a resource type no entry describes.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { loadDeployment } from '../../iac/deployment.js';
import { DEPLOYMENT_TAG } from '../../iac/platform.js';
import { resources as synthesizedResources } from '../../iac/policies/model.js';
import { defaultWorkspaceProfile } from '../../iac/stacks/identity-stack.js';
import { fakeId, policyDocument, simulate, ACCOUNT, type Call, type IamPolicy } from '../helpers/iam.js';
import { blocks, parseDir } from '../helpers/hcl.js';
import { repoRoot } from '../helpers/repo.js';
import { synthesizeToMemory } from '../helpers/synth.js';

const deployment = loadDeployment('production');
const name = deployment.config.name;
const region = deployment.config.region;
const ec2 = (resource: string) => `arn:aws:ec2:${region}:${ACCOUNT}:${resource}`;
const tagKeys = ['Name', DEPLOYMENT_TAG];
const requestTags = (value = name) => ({ [`aws:RequestTag/${DEPLOYMENT_TAG}`]: value, 'aws:TagKeys': tagKeys });
const resourceTag = (value = name) => ({ [`ec2:ResourceTag/${DEPLOYMENT_TAG}`]: value });

// Synthesized once, at collection: the calls below name the subnets and VPC the network stack creates.
const app = synthesizeToMemory(deployment);
const policy: IamPolicy = policyDocument(app, 'identity/provisioner/policy-doc');
const subnets = synthesizedResources(app, 'aws_subnet').filter((s) => s.stack === 'network');
const tier = (t: string) => subnets.find((s) => (s.body.tags as Record<string, string>)['coder.com/tier'] === t)!;
const workspaceSubnet = ec2(`subnet/${fakeId('aws_subnet', tier('workspace').name)}`);
const controlSubnet = ec2(`subnet/${fakeId('aws_subnet', tier('control').name)}`);
const vpc = ec2(`vpc/${fakeId('aws_vpc', synthesizedResources(app, 'aws_vpc')[0]!.name)}`);

const sg = ec2('security-group/sg-0123456789abcdef0');
const instance = ec2('instance/i-0123456789abcdef0');
const rootVolume = ec2('volume/vol-0aaaaaaaaaaaaaaaa');
const homeVolume = ec2('volume/vol-0bbbbbbbbbbbbbbbb');

/**
 * The authorizations behind each resource type of the module, as the provider
 * makes them (create, update, delete). Each entry of a call list is one
 * resource of one API call.
 */
function providerCalls(): Record<string, Call[]> {
  return {
    'data.aws_subnets': [{ why: 'read the workspace subnets', action: 'ec2:DescribeSubnets', resource: '*' }],
    'data.aws_subnet': [{ why: 'read the chosen subnet', action: 'ec2:DescribeSubnets', resource: '*' }],
    aws_security_group: [
      { why: 'CreateSecurityGroup: the group, tagged in the request', action: 'ec2:CreateSecurityGroup', resource: ec2('security-group/*'), context: requestTags() },
      { why: 'CreateSecurityGroup: the VPC it goes in', action: 'ec2:CreateSecurityGroup', resource: vpc },
      { why: 'CreateTags of the group in CreateSecurityGroup', action: 'ec2:CreateTags', resource: ec2('security-group/*'), context: { ...requestTags(), 'ec2:CreateAction': 'CreateSecurityGroup' } },
      { why: 'the provider revokes the default allow-all egress rule', action: 'ec2:RevokeSecurityGroupEgress', resource: sg, context: resourceTag() },
      { why: 'DescribeSecurityGroups after create', action: 'ec2:DescribeSecurityGroups', resource: '*' },
      { why: 'destroy', action: 'ec2:DeleteSecurityGroup', resource: sg, context: resourceTag() },
    ],
    aws_vpc_security_group_egress_rule: [
      { why: 'AuthorizeSecurityGroupEgress: the workspace\'s own group', action: 'ec2:AuthorizeSecurityGroupEgress', resource: sg, context: resourceTag() },
      { why: 'AuthorizeSecurityGroupEgress: the new rule, tagged in the request', action: 'ec2:AuthorizeSecurityGroupEgress', resource: ec2('security-group-rule/*'), context: requestTags() },
      { why: 'CreateTags of the rule in AuthorizeSecurityGroupEgress', action: 'ec2:CreateTags', resource: ec2('security-group-rule/*'), context: { ...requestTags(), 'ec2:CreateAction': 'AuthorizeSecurityGroupEgress' } },
      { why: 'destroy: RevokeSecurityGroupEgress on the group', action: 'ec2:RevokeSecurityGroupEgress', resource: sg, context: resourceTag() },
    ],
    aws_instance: [
      { why: 'RunInstances: the instance, tagged in the request', action: 'ec2:RunInstances', resource: ec2('instance/*'), context: requestTags() },
      // The provider sends tag specifications for the instance only; root_block_device tags follow with CreateTags.
      { why: 'RunInstances: the encrypted root volume, untagged in the request', action: 'ec2:RunInstances', resource: ec2('volume/*'), context: { 'ec2:Encrypted': 'true', 'ec2:VolumeType': 'gp3' } },
      { why: 'RunInstances: the network interface in a workspace subnet, untagged', action: 'ec2:RunInstances', resource: ec2('network-interface/*'), context: { 'ec2:Subnet': workspaceSubnet, 'ec2:Vpc': vpc } },
      { why: 'RunInstances: the workspace subnet', action: 'ec2:RunInstances', resource: workspaceSubnet },
      { why: 'RunInstances: the workspace\'s own security group', action: 'ec2:RunInstances', resource: sg, context: resourceTag() },
      { why: 'RunInstances: the AMI', action: 'ec2:RunInstances', resource: `arn:aws:ec2:${region}::image/ami-0123456789abcdef0` },
      { why: 'CreateTags of the instance in RunInstances', action: 'ec2:CreateTags', resource: ec2('instance/*'), context: { ...requestTags(), 'ec2:CreateAction': 'RunInstances' } },
      { why: 'root_block_device tags, after launch, on a volume with no tags yet', action: 'ec2:CreateTags', resource: rootVolume, context: requestTags() },
      { why: 'the instance profile\'s role', action: 'iam:PassRole', resource: `arn:aws:iam::${ACCOUNT}:role/${defaultWorkspaceProfile(name)}`, context: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
      { why: 'the instance profile', action: 'iam:GetInstanceProfile', resource: `arn:aws:iam::${ACCOUNT}:instance-profile/${defaultWorkspaceProfile(name)}` },
      { why: 'a new user data (new template version)', action: 'ec2:ModifyInstanceAttribute', resource: instance, context: resourceTag() },
      { why: 'destroy', action: 'ec2:TerminateInstances', resource: instance, context: resourceTag() },
    ],
    aws_ebs_volume: [
      { why: 'CreateVolume, tagged in the request', action: 'ec2:CreateVolume', resource: ec2('volume/*'), context: { ...requestTags(), 'ec2:Encrypted': 'true' } },
      { why: 'CreateTags of the volume in CreateVolume', action: 'ec2:CreateTags', resource: ec2('volume/*'), context: { ...requestTags(), 'ec2:CreateAction': 'CreateVolume' } },
      { why: 'a larger home (size change)', action: 'ec2:ModifyVolume', resource: homeVolume, context: resourceTag() },
      { why: 'destroy', action: 'ec2:DeleteVolume', resource: homeVolume, context: resourceTag() },
    ],
    aws_volume_attachment: [
      { why: 'AttachVolume: the instance', action: 'ec2:AttachVolume', resource: instance, context: resourceTag() },
      { why: 'AttachVolume: the volume', action: 'ec2:AttachVolume', resource: homeVolume, context: resourceTag() },
      { why: 'stop_instance_before_detaching', action: 'ec2:StopInstances', resource: instance, context: resourceTag() },
      { why: 'DetachVolume: the volume', action: 'ec2:DetachVolume', resource: homeVolume, context: resourceTag() },
      { why: 'DetachVolume: the instance', action: 'ec2:DetachVolume', resource: instance, context: resourceTag() },
    ],
    aws_ec2_instance_state: [
      { why: 'start', action: 'ec2:StartInstances', resource: instance, context: resourceTag() },
      { why: 'stop', action: 'ec2:StopInstances', resource: instance, context: resourceTag() },
    ],
  };
}

/** Requests the policy must refuse: each a way out of the deployment's own workspaces. */
function refusedCalls(): Call[] {
  return [
    { why: 'an interface in a control-plane subnet', action: 'ec2:RunInstances', resource: ec2('network-interface/*'), context: { 'ec2:Subnet': controlSubnet, 'ec2:Vpc': vpc } },
    { why: 'launching into a control-plane subnet', action: 'ec2:RunInstances', resource: controlSubnet },
    { why: 'an unencrypted root volume', action: 'ec2:RunInstances', resource: ec2('volume/*'), context: { 'ec2:Encrypted': 'false', 'ec2:VolumeType': 'gp3' } },
    { why: 'an instance without the deployment tag', action: 'ec2:RunInstances', resource: ec2('instance/*'), context: { 'aws:TagKeys': ['Name'] } },
    { why: 'an instance tagged for another deployment', action: 'ec2:RunInstances', resource: ec2('instance/*'), context: requestTags('someone-else') },
    { why: 'a security group of someone else at launch', action: 'ec2:RunInstances', resource: sg, context: resourceTag('someone-else') },
    { why: 're-tagging another deployment\'s volume as ours', action: 'ec2:CreateTags', resource: rootVolume, context: { ...requestTags(), ...resourceTag('someone-else') } },
    { why: 'terminating an instance that is not a workspace', action: 'ec2:TerminateInstances', resource: instance },
    { why: 'deleting another deployment\'s volume', action: 'ec2:DeleteVolume', resource: homeVolume, context: resourceTag('someone-else') },
    { why: 'opening ingress on a workspace group', action: 'ec2:AuthorizeSecurityGroupIngress', resource: sg, context: resourceTag() },
    { why: 'passing a role that is not a workspace role', action: 'iam:PassRole', resource: `arn:aws:iam::${ACCOUNT}:role/${name}-coderd`, context: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    { why: 'a Windows password of an instance that is not a workspace', action: 'ec2:GetPasswordData', resource: instance },
    { why: 'a private SSM parameter', action: 'ssm:GetParameter', resource: `arn:aws:ssm:${region}:${ACCOUNT}:parameter/coder-prod/secret` },
  ];
}

describe('the provisioner role against what terraform-provider-aws sends for the EC2 bases (real IAM policy simulator)', () => {
  it('describes every resource and data source type of the shared EC2 module', async () => {
    const files = await parseDir(path.join(repoRoot, 'templates', 'shared-ec2-workspace'));
    const types = [...Object.keys(blocks(files, 'resource')), ...Object.keys(blocks(files, 'data')).map((t) => `data.${t}`)].sort();
    expect(Object.keys(providerCalls()).sort()).toEqual(types);
  });

  it.each(Object.entries(providerCalls()).flatMap(([type, calls]) => calls.map((c) => [type, c.why, c] as const)))('%s: %s is allowed', async (_type, _why, call) => {
    const verdict = await simulate(policy, `${name}-provisioner`, call);
    expect(verdict.ignoredContextKeys, 'context keys AWS supplies for this action and resource').toEqual([]);
    expect(verdict.result, `${call.action} on ${call.resource}`).toBe('Allowed');
  });

  it.each(refusedCalls().map((c) => [c.why, c] as const))('refuses %s', async (_why, call) => {
    const verdict = await simulate(policy, `${name}-provisioner`, call);
    expect(verdict.ignoredContextKeys).toEqual([]);
    expect(verdict.result, `${call.action} on ${call.resource}`).not.toBe('Allowed');
    expect(verdict.result).not.toBe('error');
  });

  it('the SSM read is limited to AWS\'s public parameters', async () => {
    // Public parameters' ARNs have an empty account field, which the simulator's ARN table does not
    // accept; an account in it stands for AWS's here (the statement's * matches both).
    const verdict = await simulate(policy, `${name}-provisioner`, { why: 'AL2023 AMI', action: 'ssm:GetParameter', resource: `arn:aws:ssm:${region}:${ACCOUNT}:parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64` });
    expect(verdict.result).toBe('Allowed');
    expect(JSON.stringify(policy)).toContain(`arn:aws:ssm:${region}:*:parameter/aws/service/*`);
  });
});

describe('the EC2 workspaces\' own role', () => {
  it('reads the Amazon DCV licence of its region, and nothing else of S3', async () => {
    const dcv = policyDocument(app, 'identity/workspace-default-dcv-licence-doc');
    const role = defaultWorkspaceProfile(name);
    expect((await simulate(dcv, role, { why: 'licence', action: 's3:GetObject', resource: `arn:aws:s3:::dcv-license.${region}/license` })).result).toBe('Allowed');
    expect((await simulate(dcv, role, { why: 'other region', action: 's3:GetObject', resource: 'arn:aws:s3:::dcv-license.eu-west-1/license' })).result).not.toBe('Allowed');
    expect((await simulate(dcv, role, { why: 'a bucket of the account', action: 's3:GetObject', resource: `arn:aws:s3:::${name}-tfstate/x` })).result).not.toBe('Allowed');
  });
});

describe('the alarm topic\'s KMS key policy (confused-deputy protection)', () => {
  const keyPolicy = policyDocument(app, 'observability/topic-key-policy');
  const key = `arn:aws:kms:${region}:${ACCOUNT}:key/0000-key`;
  const ask = async (principal: string, context: Record<string, string>) =>
    (await runSimulation({ identityPolicies: [], serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy: keyPolicy, request: { action: 'kms:GenerateDataKey', principal, resource: { accountId: ACCOUNT, resource: key }, contextVariables: context } } as never, {})) as { overallResult?: string };

  it('lets CloudWatch and EventBridge use the key for this deployment\'s alarms and rules only', async () => {
    const alarm = `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${name}-db-cpu-high`;
    const rule = `arn:aws:events:${region}:${ACCOUNT}:rule/${name}-node-launch-failures`;
    expect((await ask('cloudwatch.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': alarm })).overallResult).toBe('Allowed');
    expect((await ask('events.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': rule })).overallResult).toBe('Allowed');
    // Another account's alarm, or this account's alarm of another deployment: refused.
    expect((await ask('cloudwatch.amazonaws.com', { 'aws:SourceAccount': '444455556666', 'aws:SourceArn': alarm.replace(ACCOUNT, '444455556666') })).overallResult).not.toBe('Allowed');
    expect((await ask('cloudwatch.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': alarm.replace(`${name}-`, 'other-') })).overallResult).not.toBe('Allowed');
    expect((await ask('cloudwatch.amazonaws.com', {})).overallResult).not.toBe('Allowed');
  });
});
