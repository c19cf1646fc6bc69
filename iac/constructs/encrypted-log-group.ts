/**
 * EncryptedLogGroup: a CloudWatch log group encrypted with its own rotating
 * KMS key, whose policy lets only CloudWatch Logs use it for this group.
 */
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { DataAwsIamPolicyDocument } from '@cdktn/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktn/provider-aws/lib/data-aws-partition';

export interface EncryptedLogGroupProps {
  name: string;
  region: string;
  retentionInDays: number;
}

export class EncryptedLogGroup extends Construct {
  readonly group: CloudwatchLogGroup;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const partition = new DataAwsPartition(this, 'partition');
    const account = new DataAwsCallerIdentity(this, 'account');
    const groupArn = `arn:${partition.partition}:logs:${props.region}:${account.accountId}:log-group:${props.name}`;
    this.key = new KmsKey(this, 'key', {
      description: `Encrypts CloudWatch log group ${props.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: new DataAwsIamPolicyDocument(this, 'key-policy', {
        statement: [
          {
            sid: 'AccountAdministers',
            actions: ['kms:*'],
            resources: ['*'],
            principals: [{ type: 'AWS', identifiers: [`arn:${partition.partition}:iam::${account.accountId}:root`] }],
          },
          {
            sid: 'CloudWatchLogsUsesForThisGroup',
            actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            resources: ['*'],
            principals: [{ type: 'Service', identifiers: [`logs.${props.region}.amazonaws.com`] }],
            condition: [{ test: 'ArnLike', variable: 'kms:EncryptionContext:aws:logs:arn', values: [groupArn] }],
          },
        ],
      }).json,
    });
    this.group = new CloudwatchLogGroup(this, 'group', {
      name: props.name,
      retentionInDays: props.retentionInDays,
      kmsKeyId: this.key.arn,
    });
  }
}
