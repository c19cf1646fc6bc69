/**
 * The deployment configuration: the one place a value is declared.
 *
 * Stacks, Helm values, docs tables and diagrams all derive from a validated
 * `DeploymentConfig`. Every field carries a description; the guide's
 * configuration reference is generated from these descriptions.
 */
import { z } from 'zod';
import { Address4 } from 'ip-address';
import { INSTANCE_TYPE_NAMES } from '../capacity/instances.js';
import { widePublicBlock } from '../capacity/cidr.js';
import { AURORA_POSTGRESQL_MAJORS, AWS_FACTS_DATE, AWS_REGIONS, GP3_MAX_GIB, TAG_VALUE } from './aws-facts.js';

// A DNS label: lower-case letters, digits and hyphens, not starting or ending with a hyphen.
const dnsLabel = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const hostname = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const s3BucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const awsRegion = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * An OIDC issuer: https, a DNS host name, no whitespace or control characters
 * (a URL parser drops a line break silently; coderd would then ask another
 * host than the config shows), no user:password@.
 */
function isIssuerUrl(value: string): boolean {
  if (/[\s\p{Cc}]/u.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && hostname.test(url.hostname) && !url.username && !url.password;
}

/**
 * A name the identity provider sends (a group, a role): any text, except
 * `__proto__`, which a JavaScript object cannot hold as a key (CDK Terrain
 * drops it from a map silently), so the sync would quietly lose it.
 */
const idpName = (what: string) =>
  z
    .string()
    .min(1, { message: `must name ${what}` })
    .refine((v) => v !== '__proto__', { message: `"__proto__" cannot be carried into the synthesized Terraform (a JavaScript object drops it as a key); rename ${what} in the identity provider` });

/** An IPv4 CIDR whose address is the network address, e.g. 10.0.0.0/16 (not 10.0.1.0/16). */
const networkCidr = (what: string) =>
  z.string().superRefine((value, ctx) => {
    if (!Address4.isValid(value) || !value.includes('/')) {
      ctx.addIssue({ code: 'custom', message: `must be an IPv4 CIDR such as 10.0.0.0/16 (${what})` });
      return;
    }
    const address = new Address4(value);
    const network = address.startAddress().correctForm();
    if (network !== address.addressMinusSuffix) {
      ctx.addIssue({ code: 'custom', message: `${value} is not a network address: use ${network}/${address.subnetMask}` });
    }
  });

const tierPrefix = (tier: string, fallback: number) =>
  z
    .number()
    .int()
    .min(16, { message: 'must be between 16 and 28' })
    .max(28, { message: 'must be between 16 and 28' })
    .default(fallback)
    .describe(`Smallest ${tier} subnet per AZ (prefix length); the capacity model may choose a larger one.`);

export const deploymentConfigSchema = z
  .object({
    name: z
      .string()
      .max(24, { message: 'must be at most 24 characters so that derived resource names stay within AWS limits' })
      .regex(dnsLabel, { message: 'must be a DNS label: lower-case letters, digits and hyphens, for example coder-prod' })
      .describe('Deployment name; prefixes every resource name.'),
    environment: z
      .enum(['production', 'staging', 'evaluation'])
      .describe('Environment class; production turns on deletion protection and longer retention.'),
    region: z
      .string()
      .regex(awsRegion, { message: 'must be an AWS region name, for example us-east-1' })
      .refine((r) => !awsRegion.test(r) || (AWS_REGIONS as readonly string[]).includes(r), { message: `is not an AWS region the guide knows (as of ${AWS_FACTS_DATE}; iac/config/aws-facts.ts says how to add a new one)` })
      .describe('AWS region of every stack.'),
    availabilityZones: z
      .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, { message: 'must be an AZ name such as us-east-1a' }))
      .min(2, { message: 'needs at least 2 Availability Zones for a highly available control plane and database; 3 are recommended' })
      .max(6, { message: 'at most 6 Availability Zones' })
      .describe('Availability Zones to spread subnets, nodes and database instances over.'),
    stateBackend: z
      .object({
        bucket: z
          .string()
          .regex(s3BucketName, {
            message: 'must be a valid S3 bucket name (3–63 characters: lower-case letters, digits, dots, hyphens); for example acme-coder-tfstate-111122223333',
          })
          .refine((name) => !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name), { message: 'must not contain ".." or look like an IP address' })
          .describe('S3 bucket that holds the Terraform state of every stack. Globally unique: include the account ID.'),
        keyPrefix: z
          .string()
          .regex(/^[a-z0-9][a-z0-9/_-]*[a-z0-9]$/, { message: 'must be a path of lower-case letters, digits, "/", "_" and "-", for example coder/prod' })
          .describe("Prefix of each stack's state object key: <keyPrefix>/<stack>.tfstate."),
      })
      .strict()
      .describe('Where Terraform keeps state. Locking uses S3-native lock files (use_lockfile), no DynamoDB table.'),
    network: z
      .object({
        vpcCidr: networkCidr('the VPC range')
          .refine((cidr) => !Address4.isValid(cidr) || !cidr.includes('/') || (new Address4(cidr).subnetMask >= 16 && new Address4(cidr).subnetMask <= 28), { message: 'must be a /16 to /28: the sizes AWS accepts for a VPC' })
          .describe('IPv4 range of the VPC (/16 to /28); the subnet plan is carved from it.'),
        reservedCidrs: z
          .array(networkCidr('a range the VPC must not overlap'))
          .default([])
          .describe('Ranges the VPC must not overlap: on-premises networks, peered VPCs, Transit Gateway attachments.'),
        subnetPrefix: z
          .object({
            public: tierPrefix('public', 20),
            control: tierPrefix('control-plane', 20),
            provisioner: tierPrefix('provisioner', 20),
            workspace: tierPrefix('workspace', 20),
            database: tierPrefix('database', 21),
          })
          .strict()
          .prefault({})
          .describe('Minimum subnet size per tier and AZ.'),
        flowLogRetentionDays: z
          .union([z.literal(30), z.literal(90), z.literal(180), z.literal(365), z.literal(731)])
          .default(365)
          .describe('Days VPC flow logs are kept in CloudWatch Logs.'),
      })
      .strict()
      .describe('The VPC and its subnet plan.'),
    dns: z
      .object({
        hostedZone: z.string().regex(hostname, { message: 'must be a DNS name such as example.com (a Route 53 public hosted zone you own)' }).describe('Route 53 public hosted zone the records are created in.'),
        accessHost: z
          .string()
          .regex(hostname, { message: 'must be a host name such as coder.example.com (no scheme, no path)' })
          .describe('Host of CODER_ACCESS_URL; workspace apps use the wildcard *.<accessHost>.'),
      })
      .strict()
      .describe('Public names: the access URL and its wildcard, in a Route 53 zone.'),
    capacity: z
      .object({
        users: z.number().int().positive().describe('Named users of the deployment.'),
        peakWorkspaces: z.number().int().positive().describe('Concurrent running workspaces in the peak window.'),
        offHoursWorkspaces: z.number().int().nonnegative().describe('Concurrent running workspaces outside the peak window.'),
        growthBuffer: z.number().min(0).max(2).default(0.2).describe('Headroom added to every capacity figure (0.2 = 20%).'),
        buildShare: z
          .number()
          .gt(0)
          .max(1)
          .default(0.1)
          .describe('Concurrent builds as a share of running workspaces (Coder sizes provisioners at 10%).'),
        workspaceMix: z
          .object({
            pod: z.number().min(0).max(1).describe('Share of workspaces that run as pods on the coder-ws node group.'),
            ec2Linux: z.number().min(0).max(1).describe('Share of Linux EC2 workspaces.'),
            ec2Windows: z.number().min(0).max(1).describe('Share of Windows EC2 workspaces.'),
            ec2Gpu: z.number().min(0).max(1).describe('Share of GPU EC2 workspaces.'),
          })
          .strict()
          .describe('How running workspaces split across kinds; the shares add up to 1.'),
        workspace: z
          .object({
            cpu: z.number().positive().describe('vCPU limit of an average workspace.'),
            memoryGiB: z.number().positive().describe('Memory of an average workspace; requested in full (no memory overcommit).'),
            storageGiB: z.number().int().positive().max(GP3_MAX_GIB, { message: `at most ${GP3_MAX_GIB} GiB, the largest gp3 volume` }).describe('Home volume of an average workspace.'),
            cpuRequestRatio: z.number().gt(0).max(1).default(0.5).describe('CPU request as a share of the limit (CPU overcommit on workspace nodes).'),
          })
          .strict()
          .describe('The average workspace the node groups are sized for.'),
      })
      .strict()
      .describe('What the deployment must carry; the capacity model sizes everything from it.'),
    peakWindow: z
      .object({
        timezone: z.string().min(1).describe('IANA time zone of the schedule, e.g. America/New_York.'),
        start: z.string().regex(hhmm, { message: 'must be a time of day HH:MM, e.g. 07:00' }).describe('Start of the peak window, local time.'),
        end: z.string().regex(hhmm, { message: 'must be a time of day HH:MM, e.g. 18:00' }).describe('End of the peak window, local time.'),
        weekdays: z
          .array(z.enum(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN']))
          .min(1, { message: 'needs at least one day' })
          .describe('Days the peak window applies.'),
      })
      .strict()
      .describe('When provisioner and workspace node groups scale up; outside it they scale down to off-hours capacity.'),
    nodeGroups: z
      .object({
        control: z.enum(INSTANCE_TYPE_NAMES).describe('Instance type of coder-control (coderd, observability).'),
        provisioner: z.enum(INSTANCE_TYPE_NAMES).describe('Instance type of coder-prov (external provisioners).'),
        workspace: z.enum(INSTANCE_TYPE_NAMES).describe('Instance type of coder-ws (pod workspaces).'),
      })
      .strict()
      .describe('Instance types of the three managed node groups; their sizes come from the capacity model.'),
    cluster: z
      .object({
        version: z.enum(['1.33', '1.34', '1.35']).describe('EKS Kubernetes version (a version in standard support).'),
        publicAccessCidrs: z
          .array(networkCidr('a range allowed to reach the public Kubernetes API endpoint'))
          .default([])
          .describe('Ranges allowed to reach the public API endpoint; empty keeps the endpoint private only. Together they may not cover a whole public /8 (0.0.0.0/1 and 128.0.0.0/1 are the internet too) unless allowWidePublicAccess is set.'),
        allowWidePublicAccess: z
          .boolean()
          .default(false)
          .describe('Accept publicAccessCidrs that cover a whole public /8 or more, up to the whole internet. Off: such a list is refused. The stack then tags the cluster coder.com/api-access=wide-accepted, which the policy check honours.'),
        adminRoleArns: z
          .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { message: 'must be an IAM role ARN' }))
          .default([])
          .describe('IAM roles granted cluster-admin through EKS access entries.'),
      })
      .strict()
      .superRefine((cluster, ctx) => {
        if (cluster.allowWidePublicAccess) return;
        let wide: string | undefined;
        try {
          wide = widePublicBlock(cluster.publicAccessCidrs);
        } catch {
          return; // a malformed range is reported by its own field
        }
        if (wide) ctx.addIssue({ code: 'custom', path: ['publicAccessCidrs'], message: `together cover ${wide}, public address space open to the internet: list your own ranges (an office, a VPN egress), leave it empty for a private-only endpoint, or set cluster.allowWidePublicAccess: true to accept it` });
      })
      .describe('The EKS cluster.'),
    database: z
      .object({
        engineVersion: z
          .string()
          .regex(/^\d+\.\d+$/, { message: 'must be an Aurora PostgreSQL version such as 16.6' })
          .refine((v) => !/^\d+\.\d+$/.test(v) || (AURORA_POSTGRESQL_MAJORS as readonly number[]).includes(Number(v.split('.')[0])), { message: `must be of a major version Aurora PostgreSQL offers (${AURORA_POSTGRESQL_MAJORS.join(', ')}, as of ${AWS_FACTS_DATE}); the plan checks the exact version in the region` })
          .describe('Aurora PostgreSQL engine version.'),
        minAcu: z.number().min(0.5).max(256).describe('Floor of the Serverless v2 capacity (ACU); raised if connections need more.'),
        readers: z.number().int().min(0).max(15).describe('Reader instances, placed in AZs other than the writer\'s.'),
        backupRetentionDays: z.number().int().min(7, { message: 'at least 7 days' }).max(35, { message: 'at most 35 days (the Aurora maximum)' }).describe('Days of automated backups and point-in-time recovery.'),
        connectionsPerReplica: z.number().int().positive().default(10).describe('coderd connection pool size (CODER_PG_CONN_MAX_OPEN).'),
      })
      .strict()
      .describe('Aurora PostgreSQL Serverless v2 for Coder; the ACU ceiling comes from the capacity model.'),
    oidc: z
      .object({
        issuerUrl: z
          .string()
          .refine(isIssuerUrl, { message: 'must be an https:// URL of the identity provider, such as https://idp.example.com/realms/coder (a DNS host name; no spaces, line breaks or credentials)' })
          .describe('OIDC issuer URL of the identity provider.'),
        clientId: z.string().min(1).default('coder').describe('OIDC client ID registered for Coder; the secret is read from the coder-oidc Kubernetes secret.'),
        scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email', 'groups']).describe('Scopes Coder requests.'),
        groupField: z.string().min(1).default('groups').describe('Claim that carries the user\'s IdP groups (group sync).'),
        roleField: z.string().min(1).default('roles').describe('Claim that carries the user\'s IdP roles (role sync).'),
        allowSignups: z.boolean().default(true).describe('Create Coder accounts on first login through the IdP.'),
        emailDomains: z.array(z.string().regex(hostname, { message: 'must be a domain such as example.com' })).default([]).describe('Only these e-mail domains may sign in; empty allows any the IdP vouches for.'),
      })
      .strict()
      .describe('Single sign-on for Coder. MFA is enforced by the identity provider.'),
    gitProvider: z
      .object({
        id: z.string().regex(dnsLabel, { message: 'must be a DNS label such as github' }).default('github').describe('External auth ID templates refer to (data.coder_external_auth).'),
        type: z.enum(['github', 'gitlab', 'bitbucket-cloud', 'bitbucket-server', 'azure-devops']).default('github').describe('Git provider type.'),
        clientId: z.string().min(1).describe('OAuth app client ID; the secret is read from the coder-external-auth Kubernetes secret.'),
      })
      .strict()
      .describe('Git provider for external auth (CODER_EXTERNAL_AUTH_0_*).'),
    coder: z
      .object({
        organization: z.string().regex(dnsLabel, { message: 'must be a Coder name such as coder' }).default('coder').describe('Coder organization the templates, groups and provisioners belong to (the default organization is named coder).'),
        groups: z
          .array(
            z
              .object({
                name: z.string().regex(dnsLabel, { message: 'must be a Coder name such as developers' }).describe('Coder group name.'),
                displayName: z.string().min(1).optional().describe('Name shown in the dashboard.'),
                quotaAllowance: z.number().int().min(0).max(2147483647).describe('Quota credits each member brings (coderd_group.quota_allowance).'),
                idpGroups: z.array(idpName('an IdP group')).default([]).describe('IdP groups whose members join this group (group sync).'),
                templates: z.enum(['all', 'swdev', 'datasci']).default('all').describe('Which templates the group may use.'),
                templateAdmin: z.boolean().default(false).describe('Members may edit the templates (template ACL role admin).'),
              })
              .strict(),
          )
          .min(1, { message: 'needs at least one group: templates are shared with groups, not everyone' })
          .describe('Coder groups, their quotas and the IdP groups synced into them.'),
        roleSync: z.record(idpName('an IdP role'), z.array(z.enum(['organization-admin', 'organization-template-admin', 'organization-user-admin', 'organization-auditor']))).default({}).describe('IdP role → Coder organization roles (role sync).'),
        siteRoleSync: z
          .record(idpName('an IdP role'), z.array(z.enum(['owner', 'user-admin', 'template-admin', 'auditor'])))
          .default({})
          .describe('IdP role → Coder site roles. When set, Coder takes every user\'s site roles from the IdP at each login (a site role granted by hand is removed); empty leaves site roles to Coder.'),
        schedule: z
          .object({
            defaultTtlHours: z.number().gt(0, { message: 'must be above 0: auto-stop is required (Property 7); list always-on templates in alwaysOnTemplates instead' }).max(168).default(8).describe('Hours a workspace runs after start before it stops, unless used.'),
            activityBumpHours: z.number().gt(0).max(24).default(1).describe('Hours each stretch of activity extends the deadline.'),
            autoStartDays: z.array(z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])).min(1).default(['monday', 'tuesday', 'wednesday', 'thursday', 'friday']).describe('Days users may schedule auto-start.'),
            dormantAfterDays: z.number().int().min(0).default(30).describe('Days unused before a workspace turns dormant (0 never).'),
          })
          .strict()
          .prefault({})
          .describe('Auto-start and auto-stop settings of every template but the always-on ones.'),
        alwaysOnTemplates: z.array(z.string()).default([]).describe('Templates designated 24×7: no auto-stop (the only exception to Property 7).'),
        secretsRevision: z
          .number()
          .int()
          .min(1)
          .default(1)
          .describe('Revision of the client secrets and the observability password in Secrets Manager. Terraform writes them into Kubernetes as write-only values and keeps no copy, so it cannot see a rotation: after rotating one, raise this number and apply the platform stack.'),
      })
      .strict()
      .describe('Coder itself, managed with the coderd Terraform provider (Day 1/2).'),
    alarms: z
      .object({ email: z.email({ message: 'must be an e-mail address' }).optional().describe('Address subscribed to the alarm topic.') })
      .strict()
      .prefault({})
      .describe('Where alarms go.'),
    tags: z
      .record(
        z.string().regex(/^[\w.:/=+\-@ ]{1,128}$/, { message: 'tag keys are 1–128 characters of letters, digits, spaces and _.:/=+-@' }),
        z.string().regex(TAG_VALUE, { message: 'tag values are at most 256 letters, digits, spaces and _.:/=+-@' }),
      )
      .refine((tags) => Object.keys(tags).every((key) => !key.toLowerCase().startsWith('aws:')), { message: 'tag keys must not start with "aws:" (reserved by AWS)' })
      .default({})
      .describe("Tags applied to every taggable resource through the provider's default_tags."),
  })
  .strict();

export type DeploymentConfig = z.infer<typeof deploymentConfigSchema>;
export type DeploymentConfigInput = z.input<typeof deploymentConfigSchema>;
