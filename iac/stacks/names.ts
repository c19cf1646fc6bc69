/** Names the database stack creates and the Kubernetes side and runbooks use. */
export const CODER_DATABASE = 'coder';
export const CODER_DB_USER = 'coder';

export function databaseNames(deploymentName: string) {
  return { clusterId: `${deploymentName}-coder`, subnetGroup: `${deploymentName}-coder-db`, securityGroup: `${deploymentName}-coder-db` };
}
