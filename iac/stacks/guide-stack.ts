/**
 * GuideStack: what every stack of the guide shares: the AWS provider with the
 * deployment's default tags, and an S3 backend with S3-native locking.
 */
import { S3Backend, TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import type { DeploymentConfig } from '../config/schema.js';
import { requiredTerraformVersion } from '../versions.js';
import { DEPLOYMENT_TAG } from '../platform.js';

/**
 * The KMS alias of the state bucket's key. KMS alias names take letters,
 * digits, '/', '_' and '-' only, and an S3 bucket name may hold dots: they
 * become '-'.
 */
export function stateKeyAlias(bucket: string): string {
  return `alias/${bucket.replace(/\./g, '-')}`;
}

/** The state object key of a stack: one object per stack under the configured prefix. */
export function stateKey(config: DeploymentConfig, stackName: string): string {
  return `${config.stateBackend.keyPrefix}/${stackName}.tfstate`;
}

export class GuideStack extends TerraformStack {
  constructor(scope: Construct, readonly stackName: string, readonly config: DeploymentConfig) {
    super(scope, stackName);
    this.addOverride('terraform.required_version', requiredTerraformVersion);

    // #region backend
    new S3Backend(this, {
      bucket: config.stateBackend.bucket,
      key: stateKey(config, stackName),
      region: config.region,
      encrypt: true,
      // The state bucket's own key (the state stack creates it): without it S3 would use SSE-S3.
      kmsKeyId: stateKeyAlias(config.stateBackend.bucket),
      useLockfile: true,
    });
    // #endregion backend

    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [
        {
          tags: {
            ...config.tags,
            [DEPLOYMENT_TAG]: config.name,
            'coder.com/environment': config.environment,
            'coder.com/stack': stackName,
            ManagedBy: 'cdktn',
          },
        },
      ],
    });
  }
}
