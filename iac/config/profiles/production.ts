import type { DeploymentConfigInput } from '../schema.js';

/**
 * The production profile: the seed design's deployment (us-east-1, up to
 * 3000 concurrent workspaces). Copy it and change the names to make it yours.
 */
// #region production-profile
export const production: DeploymentConfigInput = {
  name: 'coder-prod',
  environment: 'production',
  region: 'us-east-1',
  stateBackend: {
    bucket: 'coder-prod-tfstate-111122223333',
    keyPrefix: 'coder/prod',
  },
  tags: {
    Project: 'coder',
    Owner: 'platform-engineering',
    CostCenter: 'developer-platform',
  },
};
// #endregion production-profile
