/**
 * StateBucket: an S3 bucket fit to hold Terraform state.
 *
 * Versioned (state history is the undo button), encrypted with a rotating
 * customer-managed KMS key, closed to the public, owner-enforced, reachable
 * over TLS only, with old state versions expired after a retention period.
 * Takes props only; it never reads the deployment config.
 */
import { Construct } from 'constructs';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktn/provider-aws/lib/kms-alias';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktn/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktn/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketPublicAccessBlock } from '@cdktn/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktn/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktn/provider-aws/lib/s3-bucket-policy';
import { S3BucketLifecycleConfiguration } from '@cdktn/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { DataAwsIamPolicyDocument } from '@cdktn/provider-aws/lib/data-aws-iam-policy-document';

export interface StateBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** Days a superseded state version is kept before it expires. */
  readonly noncurrentVersionRetentionDays: number;
  /** Refuse `terraform destroy` of the bucket while it holds objects. */
  readonly preventDestroy: boolean;
}

export class StateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);

    // #region state-bucket-encryption
    this.key = new KmsKey(this, 'key', {
      description: `Encrypts Terraform state in s3://${props.bucketName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    new KmsAlias(this, 'alias', {
      name: `alias/${props.bucketName}`,
      targetKeyId: this.key.keyId,
    });

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.preventDestroy },
    });

    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn },
          bucketKeyEnabled: true,
        },
      ],
    });
    // #endregion state-bucket-encryption

    // #region state-bucket-hardening
    new S3BucketVersioningA(this, 'versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });

    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });

    const tlsOnly = new DataAwsIamPolicyDocument(this, 'tls-only', {
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          actions: ['s3:*'],
          principals: [{ type: '*', identifiers: ['*'] }],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    new S3BucketPolicy(this, 'policy', { bucket: this.bucket.id, policy: tlsOnly.json });

    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-superseded-state',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionRetentionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    // #endregion state-bucket-hardening
  }
}
