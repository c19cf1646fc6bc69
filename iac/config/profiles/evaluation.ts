import type { DeploymentConfigInput } from '../schema.js';

/** A small profile for evaluating the guide in a sandbox account. */
export const evaluation: DeploymentConfigInput = {
  name: 'coder-eval',
  environment: 'evaluation',
  region: 'us-east-1',
  stateBackend: {
    bucket: 'coder-eval-tfstate-111122223333',
    keyPrefix: 'coder/eval',
  },
  tags: {
    Project: 'coder',
    Owner: 'platform-engineering',
  },
};
