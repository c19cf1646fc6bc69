/**
 * The state stack: the S3 bucket every other stack keeps its state in.
 * It is applied first, once, with a local backend override, then migrated
 * into the bucket it created (see snippets/bootstrap-state.sh).
 */
import { TerraformOutput } from 'cdktn';
import type { Construct } from 'constructs';
import type { DeploymentConfig } from '../config/schema.js';
import { StateBucket } from '../constructs/state-bucket.js';
import { GuideStack, stateKeyAlias } from './guide-stack.js';

export class StateStack extends GuideStack {
  readonly state: StateBucket;

  constructor(scope: Construct, config: DeploymentConfig) {
    super(scope, 'state', config);

    // #region state-stack
    this.state = new StateBucket(this, 'tfstate', {
      bucketName: config.stateBackend.bucket,
      noncurrentVersionRetentionDays: config.environment === 'production' ? 365 : 30,
      preventDestroy: config.environment === 'production',
      keyAlias: stateKeyAlias(config.stateBackend.bucket),
    });
    // #endregion state-stack

    new TerraformOutput(this, 'state_bucket_arn', { value: this.state.bucket.arn });
    new TerraformOutput(this, 'state_kms_key_arn', { value: this.state.key.arn });
  }
}
