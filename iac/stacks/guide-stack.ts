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
