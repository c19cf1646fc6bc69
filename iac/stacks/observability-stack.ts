/**
 * The observability stack (AWS side): an encrypted SNS topic and the alarms
 * for what the original design's runtime-error table names: database connectivity, CPU
 * and capacity; unhealthy or missing coderd targets; certificate expiry; and
 * node groups that fail to launch instances.
 */
import type { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktn/provider-aws/lib/cloudwatch-metric-alarm';
import { CloudwatchEventRule } from '@cdktn/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktn/provider-aws/lib/cloudwatch-event-target';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktn/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktn/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktn/provider-aws/lib/sns-topic-subscription';
import { DataAwsIamPolicyDocument } from '@cdktn/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktn/provider-aws/lib/data-aws-partition';
import type { Deployment } from '../deployment.js';
import { GuideStack } from './guide-stack.js';
import type { ClusterStack } from './cluster-stack.js';
import type { DatabaseStack } from './database-stack.js';
import type { EdgeStack } from './edge-stack.js';

/** Days before expiry the certificate alarm fires (the original design: alert 30 days before). */
export const CERTIFICATE_WARNING_DAYS = 30;

export class ObservabilityStack extends GuideStack {
  constructor(scope: Construct, deployment: Deployment, eks: ClusterStack, db: DatabaseStack, edge: EdgeStack) {
    const { config, sizing } = deployment;
    super(scope, 'observability', config);
    const partition = new DataAwsPartition(this, 'partition').partition;
    const account = new DataAwsCallerIdentity(this, 'account').accountId;

    // #region alarm-topic
    const key = new KmsKey(this, 'topic-key', {
      description: `Encrypts the alarm topic of ${config.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: new DataAwsIamPolicyDocument(this, 'topic-key-policy', {
        statement: [
          { sid: 'AccountAdministers', actions: ['kms:*'], resources: ['*'], principals: [{ type: 'AWS', identifiers: [`arn:${partition}:iam::${account}:root`] }] },
          // Only on behalf of this account's alarms and rules (confused-deputy protection).
          {
            sid: 'AlarmSourcesPublish',
            actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            resources: ['*'],
            principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] }],
            condition: [
              { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] },
              { test: 'ArnLike', variable: 'aws:SourceArn', values: [`arn:${partition}:cloudwatch:${config.region}:${account}:alarm:${config.name}-*`, `arn:${partition}:events:${config.region}:${account}:rule/${config.name}-*`] },
            ],
          },
        ],
      }).json,
    });
    const topic = new SnsTopic(this, 'alarms', { name: `${config.name}-alarms`, kmsMasterKeyId: key.arn });
    new SnsTopicPolicy(this, 'alarms-policy', {
      arn: topic.arn,
      policy: new DataAwsIamPolicyDocument(this, 'alarms-policy-doc', {
        statement: [
          {
            sid: 'AlarmSourcesPublish',
            actions: ['sns:Publish'],
            resources: [topic.arn],
            principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] }],
            condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] }],
          },
        ],
      }).json,
    });
    if (config.alarms.email) {
      new SnsTopicSubscription(this, 'alarms-email', { topicArn: topic.arn, protocol: 'email', endpoint: config.alarms.email });
    }
    // #endregion alarm-topic

    // #region alarms
    const actions = { alarmActions: [topic.arn], okActions: [topic.arn] };
    // The writer's metrics: coderd connects to the writer, and a cluster-level series averages in
    // idle readers (a saturated writer beside two idle readers reads as a third of the load).
    const database = { DBClusterIdentifier: db.cluster.clusterIdentifier, Role: 'WRITER' };
    const alarms: Array<ConstructorParameters<typeof CloudwatchMetricAlarm>[2]> = [
      {
        alarmName: `${config.name}-db-no-connections`,
        alarmDescription: 'No connections to the Coder database for 3 minutes: coderd cannot reach Aurora (runbook: troubleshooting, database)',
        namespace: 'AWS/RDS', metricName: 'DatabaseConnections', dimensions: database, statistic: 'Maximum',
        period: 60, evaluationPeriods: 3, threshold: 1, comparisonOperator: 'LessThanThreshold', treatMissingData: 'breaching',
      },
      {
        alarmName: `${config.name}-db-connections-high`,
        alarmDescription: `Connections above 80% of max_connections (${sizing.database.maxConnections})`,
        namespace: 'AWS/RDS', metricName: 'DatabaseConnections', dimensions: database, statistic: 'Maximum',
        period: 300, evaluationPeriods: 2, threshold: Math.floor(sizing.database.maxConnections * 0.8), comparisonOperator: 'GreaterThanThreshold',
      },
      {
        alarmName: `${config.name}-db-cpu-high`,
        alarmDescription: 'Aurora CPU above 80% for 15 minutes',
        namespace: 'AWS/RDS', metricName: 'CPUUtilization', dimensions: database, statistic: 'Average',
        period: 300, evaluationPeriods: 3, threshold: 80, comparisonOperator: 'GreaterThanThreshold',
      },
      {
        alarmName: `${config.name}-db-acu-high`,
        alarmDescription: `Aurora at over 90% of its ${sizing.database.maxAcu} ACU ceiling: raise the maximum or look for load`,
        namespace: 'AWS/RDS', metricName: 'ACUUtilization', dimensions: database, statistic: 'Average',
        period: 300, evaluationPeriods: 3, threshold: 90, comparisonOperator: 'GreaterThanThreshold',
      },
      {
        alarmName: `${config.name}-coderd-unhealthy-targets`,
        alarmDescription: 'A coderd target behind the NLB is unhealthy',
        namespace: 'AWS/NetworkELB', metricName: 'UnHealthyHostCount',
        dimensions: { LoadBalancer: edge.loadBalancer.arnSuffix, TargetGroup: edge.targetGroup.arnSuffix }, statistic: 'Maximum',
        period: 60, evaluationPeriods: 3, threshold: 0, comparisonOperator: 'GreaterThanThreshold',
      },
      {
        alarmName: `${config.name}-coderd-down`,
        alarmDescription: 'No healthy coderd target: Coder is down (severity Critical)',
        namespace: 'AWS/NetworkELB', metricName: 'HealthyHostCount',
        dimensions: { LoadBalancer: edge.loadBalancer.arnSuffix, TargetGroup: edge.targetGroup.arnSuffix }, statistic: 'Minimum',
        period: 60, evaluationPeriods: 2, threshold: 1, comparisonOperator: 'LessThanThreshold', treatMissingData: 'breaching',
      },
      {
        alarmName: `${config.name}-certificate-expiry`,
        alarmDescription: `The Coder certificate expires in under ${CERTIFICATE_WARNING_DAYS} days: ACM renewal is stuck (check the DNS validation records)`,
        namespace: 'AWS/CertificateManager', metricName: 'DaysToExpiry', dimensions: { CertificateArn: edge.certificate.arn }, statistic: 'Minimum',
        period: 86400, evaluationPeriods: 1, threshold: CERTIFICATE_WARNING_DAYS, comparisonOperator: 'LessThanThreshold',
      },
    ];
    alarms.forEach((alarm) => new CloudwatchMetricAlarm(this, alarm.alarmName.replace(`${config.name}-`, ''), { ...alarm, ...actions }));
    // #endregion alarms

    // #region node-group-failures
    // Node groups scale by schedule; a launch that fails (capacity, quota) is an event, not a metric.
    const launchFailures = new CloudwatchEventRule(this, 'node-launch-failures', {
      name: `${config.name}-node-launch-failures`,
      description: 'EC2 instance launches that failed in the cluster\'s node groups',
      eventPattern: JSON.stringify({
        source: ['aws.autoscaling'],
        'detail-type': ['EC2 Instance Launch Unsuccessful'],
        detail: { AutoScalingGroupName: Object.values(eks.nodeGroups).map((group) => group.asgName) },
      }),
    });
    new CloudwatchEventTarget(this, 'node-launch-failures-to-sns', { rule: launchFailures.name, arn: topic.arn });
    // #endregion node-group-failures
  }
}
