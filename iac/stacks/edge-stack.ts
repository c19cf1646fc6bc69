/**
 * The edge stack: the public entry to Coder. An ACM certificate for the
 * access URL with the wildcard SAN, a Terraform-owned Network Load Balancer
 * terminating TLS 1.2+, and Route 53 alias records for both names.
 *
 * The NLB and its target group live here, so the DNS records and the TLS
 * policy are plain Terraform that the synthesized output (and its tests)
 * show. The AWS Load Balancer Controller only registers coderd's pod IPs into
 * the target group, through a TargetGroupBinding (see the Coder pages).
 * There is no UDP listener: coderd serves no STUN; clients use public STUN
 * servers and fall back to DERP over this HTTPS listener.
 */
import { TerraformIterator, TerraformOutput, Token } from 'cdktn';
import type { Construct } from 'constructs';
import { AcmCertificate } from '@cdktn/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktn/provider-aws/lib/acm-certificate-validation';
import { DataAwsRoute53Zone } from '@cdktn/provider-aws/lib/data-aws-route53-zone';
import { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity';
import { Lb } from '@cdktn/provider-aws/lib/lb';
import { LbListener } from '@cdktn/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktn/provider-aws/lib/lb-target-group';
import { Route53Record } from '@cdktn/provider-aws/lib/route53-record';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktn/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktn/provider-aws/lib/vpc-security-group-egress-rule';
import type { Deployment } from '../deployment.js';
import { HardenedBucket } from '../constructs/hardened-bucket.js';
import { CODERD_HTTP_PORT } from '../platform.js';
import { accessUrl, wildcardHost } from '../naming.js';
import { GuideStack } from './guide-stack.js';
import type { NetworkStack } from './network-stack.js';
import type { ClusterStack } from './cluster-stack.js';

/** TLS 1.3 and 1.2 only, forward-secret AES-GCM suites (ELB predefined policy). */
export const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
/**
 * A TLS listener drops a connection after 350 seconds without traffic, and
 * AWS does not let it be changed (only TCP and UDP listeners take
 * tcp_idle_timeout_seconds). Coder's long-lived connections stay well inside
 * it: coderd pings every websocket (terminals, agent coordination, port
 * forwarding) every CODER_WEBSOCKET_PING_SECONDS, and DERP sends a keepalive
 * frame every DERP_KEEPALIVE_SECONDS.
 */
export const NLB_TLS_IDLE_TIMEOUT_SECONDS = 350;
export const CODER_WEBSOCKET_PING_SECONDS = 15;
export const DERP_KEEPALIVE_SECONDS = 60;


export class EdgeStack extends GuideStack {
  readonly loadBalancer: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly certificate: AcmCertificate;

  constructor(scope: Construct, deployment: Deployment, network: NetworkStack, eks: ClusterStack) {
    const { config } = deployment;
    super(scope, 'edge', config);
    const production = config.environment === 'production';
    const host = config.dns.accessHost;
    const account = new DataAwsCallerIdentity(this, 'account');

    // #region certificate
    const zone = new DataAwsRoute53Zone(this, 'zone', { name: config.dns.hostedZone, privateZone: false });
    this.certificate = new AcmCertificate(this, 'certificate', {
      domainName: host,
      subjectAlternativeNames: [wildcardHost(host)],
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      lifecycle: { createBeforeDestroy: true },
    });
    const validationOptions = TerraformIterator.fromComplexList(this.certificate.domainValidationOptions, 'domain_name');
    const validationRecords = new Route53Record(this, 'certificate-validation-record', {
      forEach: validationOptions,
      zoneId: zone.zoneId,
      name: validationOptions.getString('resource_record_name'),
      type: validationOptions.getString('resource_record_type'),
      records: [validationOptions.getString('resource_record_value')],
      ttl: 60,
      // The apex and the wildcard share one validation record.
      allowOverwrite: true,
    });
    const validated = new AcmCertificateValidation(this, 'certificate-validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(`\${[for record in ${validationRecords.fqn} : record.fqdn]}`),
    });
    // #endregion certificate

    // #region load-balancer
    const logs = new HardenedBucket(this, 'access-logs', {
      bucketName: `${config.name}-nlb-logs-${config.stateBackend.bucket.match(/\d{12}/)?.[0] ?? 'logs'}`,
      noncurrentVersionRetentionDays: 30,
      expireAfterDays: production ? 365 : 30,
      preventDestroy: false,
      // NLB access logs are written by the log delivery service (SSE-S3 only).
      extraStatements: (arn) => [
        {
          sid: 'LogDeliveryWrite',
          actions: ['s3:PutObject'],
          principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
          resources: [`${arn}/nlb/AWSLogs/${account.accountId}/*`],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] }],
        },
        {
          sid: 'LogDeliveryAclCheck',
          actions: ['s3:GetBucketAcl'],
          principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
          resources: [arn],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] }],
        },
      ],
    });

    const nlbSg = new SecurityGroup(this, 'nlb-sg', { name: `${config.name}-nlb`, description: 'HTTPS from anywhere to the Coder NLB', vpcId: network.vpc.vpc.id });
    new VpcSecurityGroupIngressRule(this, 'nlb-https', { securityGroupId: nlbSg.id, description: 'HTTPS (dashboard, API, DERP, workspace apps)', ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0' });
    new VpcSecurityGroupEgressRule(this, 'nlb-to-coderd', { securityGroupId: nlbSg.id, description: 'To coderd pods', ipProtocol: 'tcp', fromPort: CODERD_HTTP_PORT, toPort: CODERD_HTTP_PORT, referencedSecurityGroupId: eks.cluster.vpcConfig.clusterSecurityGroupId });
    new VpcSecurityGroupIngressRule(this, 'coderd-from-nlb', {
      securityGroupId: eks.cluster.vpcConfig.clusterSecurityGroupId,
      description: 'coderd HTTP from the Coder NLB',
      ipProtocol: 'tcp',
      fromPort: CODERD_HTTP_PORT,
      toPort: CODERD_HTTP_PORT,
      referencedSecurityGroupId: nlbSg.id,
    });

    this.loadBalancer = new Lb(this, 'nlb', {
      name: `${config.name}-coder`,
      loadBalancerType: 'network',
      internal: false,
      subnets: network.vpc.subnetIds('public'),
      securityGroups: [nlbSg.id],
      enableCrossZoneLoadBalancing: true,
      enableDeletionProtection: production,
      accessLogs: { bucket: logs.bucket.id, prefix: 'nlb', enabled: true },
      // The NLB checks that it may write its logs when they are turned on: the bucket policy first.
      dependsOn: [logs.policy],
    });

    this.targetGroup = new LbTargetGroup(this, 'coderd', {
      name: `${config.name}-coderd`,
      port: CODERD_HTTP_PORT,
      protocol: 'TCP',
      targetType: 'ip',
      vpcId: network.vpc.vpc.id,
      deregistrationDelay: '60',
      preserveClientIp: 'false',
      healthCheck: { protocol: 'HTTP', path: '/healthz', port: 'traffic-port', matcher: '200', interval: 10, healthyThreshold: 2, unhealthyThreshold: 2 },
    });

    new LbListener(this, 'https', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: 'TLS',
      sslPolicy: TLS_POLICY,
      certificateArn: validated.certificateArn,
      // No ALPN: coderd behind the NLB speaks HTTP/1.1 (websockets upgrade over it).
      alpnPolicy: 'None',
      // No tcp_idle_timeout_seconds: a TLS listener's is fixed at 350 s (see NLB_TLS_IDLE_TIMEOUT_SECONDS).
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });
    // #endregion load-balancer

    // #region dns-records
    for (const [id, name] of [['access-url', host], ['wildcard-access-url', wildcardHost(host)]] as const) {
      new Route53Record(this, id, {
        zoneId: zone.zoneId,
        name,
        type: 'A',
        alias: { name: this.loadBalancer.dnsName, zoneId: this.loadBalancer.zoneId, evaluateTargetHealth: true },
      });
    }
    // #endregion dns-records

    new TerraformOutput(this, 'access_url', { value: accessUrl(host) });
    new TerraformOutput(this, 'wildcard_access_url', { value: wildcardHost(host) });
    new TerraformOutput(this, 'target_group_arn', { value: this.targetGroup.arn });
    new TerraformOutput(this, 'nlb_dns_name', { value: this.loadBalancer.dnsName });
  }
}
