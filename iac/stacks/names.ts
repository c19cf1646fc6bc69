/** Names the database stack creates and the Kubernetes side and runbooks use. */
export const CODER_DATABASE = 'coder';
export const CODER_DB_USER = 'coder';
/** The read-only monitoring login (snippets/database-users.sql creates it). */
export const OBSERVABILITY_DB_USER = 'coder_observability';

export function databaseNames(deploymentName: string) {
  return { clusterId: `${deploymentName}-coder`, subnetGroup: `${deploymentName}-coder-db`, securityGroup: `${deploymentName}-coder-db` };
}
