/**
 * The guide's steps in reading order. Each runs one snippet under snippets/
 * (the file the step's page imports), so readers who copy and paste and
 * readers who run `npm run guide` see the same commands.
 */
export type ToolName = 'aws' | 'kubectl' | 'helm' | 'terraform' | 'coder' | 'jq' | 'curl' | 'dig' | 'envsubst' | 'npm';

export interface Step {
  /** Short id, also accepted by --from/--only besides the number. */
  id: string;
  title: string;
  /** The guide page (docs/<page>.mdx) that explains the step. */
  page: string;
  /** The snippet it runs, relative to the repository root, and its arguments. */
  snippet: string;
  args?: string[];
  tools: ToolName[];
  /** Needs AWS credentials for the deployment's account. */
  aws?: boolean;
  /** Needs CODER_URL and CODER_SESSION_TOKEN (an Owner's token). */
  coder?: boolean;
  /** Creates or changes infrastructure: asks first unless --yes. */
  changes?: string;
  /** Retries with exponential backoff, where the original design's error table says a retry is the fix. */
  retry?: { attempts: number; backoffSeconds: number };
  /** Gives up after this long (minutes). */
  timeoutMinutes: number;
  /** Where to read when it fails. */
  troubleshooting: string;
  /** Read-only commands to look at first when it fails (printed, with guide.env's values, not run). */
  diagnose?: string[];
}

/** The command that runs the guide, or one step of it: what the pages, the export and the runner's messages print. */
export function runCommand(stepId?: string): string {
  return stepId ? `npm run guide -- run --only ${stepId}` : 'npm run guide -- run';
}

const PROVISIONING = 'operate/troubleshooting#while-provisioning';
const VALIDATION = 'deploy/validate';

// #region steps
export const STEPS: readonly Step[] = [
  { id: 'config', title: 'Validate the configuration and synthesize', page: 'prepare/prerequisites', snippet: 'snippets/preflight/config.sh', tools: ['npm'], timeoutMinutes: 5, troubleshooting: 'reference/configuration' },
  { id: 'quotas', title: 'Check AWS quotas against the capacity', page: 'prepare/prerequisites', snippet: 'snippets/preflight/quotas.sh', tools: ['npm'], aws: true, timeoutMinutes: 5, troubleshooting: 'prepare/prerequisites' },
  { id: 'dns', title: 'Check the hosted zone and its delegation', page: 'prepare/prerequisites', snippet: 'snippets/preflight/dns.sh', tools: ['aws', 'dig', 'jq'], aws: true, timeoutMinutes: 5, troubleshooting: 'prepare/prerequisites' },
  { id: 'licence', title: 'Check the Coder Premium licence: feature set and expiry', page: 'prepare/prerequisites', snippet: 'snippets/preflight/licence.sh', tools: ['aws', 'jq'], aws: true, timeoutMinutes: 2, troubleshooting: 'prepare/prerequisites' },
  { id: 'state', title: 'Bootstrap the Terraform state bucket', page: 'deploy/state-backend', snippet: 'snippets/bootstrap-state.sh', tools: ['npm', 'terraform'], aws: true, changes: 'creates the state bucket', timeoutMinutes: 15, troubleshooting: PROVISIONING },
  { id: 'network', title: 'Apply the network stack', page: 'deploy/network', snippet: 'snippets/apply-stack.sh', args: ['network'], tools: ['terraform'], aws: true, changes: 'creates the VPC, subnets, NAT gateways and endpoints', timeoutMinutes: 30, troubleshooting: PROVISIONING },
  // EKS creation can time out (the design's error table): apply again, Terraform resumes; a final
  // failure alerts through GUIDE_NOTIFY. A failed Aurora apply keeps its state for debugging
  // (Terraform marks what failed for replacement; nothing is destroyed) and is applied once more.
  { id: 'cluster', title: 'Apply the cluster stack', page: 'deploy/cluster', snippet: 'snippets/apply-stack.sh', args: ['cluster'], tools: ['terraform'], aws: true, changes: 'creates the EKS cluster and node groups', retry: { attempts: 3, backoffSeconds: 60 }, timeoutMinutes: 60, troubleshooting: PROVISIONING, diagnose: ['aws eks describe-cluster --name "$GUIDE_NAME" --query "cluster.[status,health]"', 'terraform -chdir=cdktf.out/stacks/cluster state list'] },
  { id: 'database', title: 'Apply the database stack', page: 'deploy/database', snippet: 'snippets/apply-stack.sh', args: ['database'], tools: ['terraform'], aws: true, changes: 'creates the Aurora cluster', retry: { attempts: 2, backoffSeconds: 120 }, timeoutMinutes: 60, troubleshooting: PROVISIONING, diagnose: ['aws rds describe-events --source-type db-cluster --source-identifier "$DB_CLUSTER_ID" --duration 180', 'terraform -chdir=cdktf.out/stacks/database state list'] },
  { id: 'edge', title: 'Apply the edge stack', page: 'deploy/edge', snippet: 'snippets/apply-stack.sh', args: ['edge'], tools: ['terraform'], aws: true, changes: 'creates the certificate, NLB and DNS records', retry: { attempts: 2, backoffSeconds: 60 }, timeoutMinutes: 45, troubleshooting: PROVISIONING },
  { id: 'identity', title: 'Apply the identity stack', page: 'deploy/iam-security', snippet: 'snippets/apply-stack.sh', args: ['identity'], tools: ['terraform'], aws: true, changes: 'creates IAM roles and Pod Identity associations', timeoutMinutes: 15, troubleshooting: PROVISIONING },
  { id: 'install', title: 'Install Coder on the cluster', page: 'deploy/install-coder', snippet: 'snippets/install-coder.sh', tools: ['aws', 'kubectl', 'helm', 'terraform', 'jq', 'envsubst', 'curl'], aws: true, changes: 'installs charts and secrets on the cluster', retry: { attempts: 2, backoffSeconds: 30 }, timeoutMinutes: 60, troubleshooting: 'operate/troubleshooting#at-run-time' },
  { id: 'templates', title: 'Configure Coder, install the provisioners, publish templates', page: 'deploy/coder-day2', snippet: 'snippets/publish-templates.sh', tools: ['npm', 'terraform', 'kubectl', 'helm', 'coder', 'curl', 'jq'], aws: true, coder: true, changes: 'configures Coder, installs the provisioners and publishes templates', timeoutMinutes: 20, troubleshooting: 'templates/compose-publish' },
  { id: 'check-cluster', title: 'Validate: EKS and Aurora', page: VALIDATION, snippet: 'snippets/validate/cluster.sh', tools: ['aws', 'kubectl', 'jq', 'terraform'], aws: true, timeoutMinutes: 10, troubleshooting: `${VALIDATION}#eks-and-aurora` },
  { id: 'check-coder', title: 'Validate: Coder health, OIDC, Git, group sync', page: VALIDATION, snippet: 'snippets/validate/coder.sh', tools: ['curl', 'jq'], coder: true, timeoutMinutes: 5, troubleshooting: `${VALIDATION}#coder` },
  { id: 'smoke', title: 'Validate: a pod and an EC2 workspace', page: VALIDATION, snippet: 'snippets/validate/workspaces.sh', tools: ['coder'], coder: true, changes: 'creates and deletes two test workspaces', timeoutMinutes: 20, troubleshooting: `${VALIDATION}#workspaces` },
  { id: 'latency', title: 'Validate: API latency baseline', page: VALIDATION, snippet: 'snippets/validate/api-latency.sh', tools: ['npm'], coder: true, timeoutMinutes: 5, troubleshooting: `${VALIDATION}#api-latency` },
  // Alarms and log groups: independent of Coder, applied last, where the guide's pages explain them (Operate).
  { id: 'observability', title: 'Apply the observability stack', page: 'operate/alarms', snippet: 'snippets/apply-stack.sh', args: ['observability'], tools: ['terraform'], aws: true, changes: 'creates alarms and log groups', timeoutMinutes: 15, troubleshooting: PROVISIONING },
];
// #endregion steps
