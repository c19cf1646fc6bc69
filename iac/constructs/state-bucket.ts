/**
 * StateBucket: an S3 bucket fit to hold Terraform state: a HardenedBucket
 * (versioned, public access blocked, TLS only, old versions expired) whose
 * objects are encrypted with a rotating customer-managed KMS key.
 * Takes props only; it never reads the deployment config.
 */
import { Construct } from 'constructs';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktn/provider-aws/lib/kms-alias';
import type { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { HardenedBucket } from './hardened-bucket.js';

export interface StateBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** Days a superseded state version is kept before it expires. */
  readonly noncurrentVersionRetentionDays: number;
  /** Refuse `terraform destroy` of the bucket while it holds objects. */
  readonly preventDestroy: boolean;
  /** The alias of the key, by which the backends name it (alias/…). */
  readonly keyAlias: string;
}

export class StateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);

    // #region state-bucket
    this.key = new KmsKey(this, 'key', {
      description: `Encrypts Terraform state in s3://${props.bucketName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    new KmsAlias(this, 'alias', { name: props.keyAlias, targetKeyId: this.key.keyId });

    this.bucket = new HardenedBucket(this, 'store', {
      bucketName: props.bucketName,
      kmsKeyArn: this.key.arn,
      noncurrentVersionRetentionDays: props.noncurrentVersionRetentionDays,
      preventDestroy: props.preventDestroy,
    }).bucket;
    // #endregion state-bucket
  }
}
