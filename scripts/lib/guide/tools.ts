/**
 * The CLIs the steps call, how to read each one's version, and the minimum
 * the guide supports. kubectl's minimum follows the configured EKS version
 * (one minor version of skew); Terraform's comes from iac/versions.ts; the
 * coder CLI's from the coderd release the guide installs (CLI and server of
 * one minor release: scaletest flags and coder create's options change
 * between releases).
 */
import semver from 'semver';
import { terraformVersions } from '../../../iac/versions.js';
import { CHARTS } from '../../../iac/helm/charts.js';
import type { ToolName } from './steps.js';

export interface ToolSpec {
  /**
   * Alternatives that satisfy the requirement, in the order the snippets pick
   * them: the first on PATH is the one used (snippets/lib.sh runs tofu only
   * where terraform is missing), so it is the one whose version counts.
   */
  commands: string[];
  args: string[];
  /** Extracts a version from what the command printed. */
  parse: (stdout: string) => string | undefined;
  min?: string;
  /** A minimum of its own for an alternative command (OpenTofu numbers its releases apart from Terraform). */
  minFor?: Record<string, string>;
  install: string;
  /** What the guide uses it for (the prerequisites page shows it). */
  purpose: string;
}

const firstVersion = (pattern: RegExp) => (out: string) => semver.coerce(pattern.exec(out)?.[1] ?? '')?.version;

export function toolSpecs(clusterVersion: string): Record<ToolName, ToolSpec> {
  const [major, minor] = clusterVersion.split('.').map(Number) as [number, number];
  const coderd = semver.parse(CHARTS.coder.version)!;
  return {
    aws: { commands: ['aws'], args: ['--version'], parse: firstVersion(/aws-cli\/(\S+)/), min: '2.15.0', install: 'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html', purpose: 'credentials, `aws eks update-kubeconfig`, reading secrets, the pre-flight checks' },
    kubectl: { commands: ['kubectl'], args: ['version', '--client', '-o', 'json'], parse: (out) => { try { return semver.coerce(JSON.parse(out).clientVersion.gitVersion)?.version; } catch { return undefined; } }, min: `${major}.${minor - 1}.0`, install: 'https://kubernetes.io/docs/tasks/tools/', purpose: 'cluster objects and the validation checks' },
    helm: { commands: ['helm'], args: ['version', '--short'], parse: firstVersion(/v(\d+\.\d+\.\d+)/), min: '3.14.0', install: 'https://helm.sh/docs/intro/install/', purpose: 'installing the charts' },
    terraform: { commands: ['terraform', 'tofu'], args: ['version', '-json'], parse: (out) => { try { return JSON.parse(out).terraform_version as string; } catch { return undefined; } }, min: terraformVersions.terraform.replace('>=', ''), minFor: { tofu: terraformVersions.opentofu.replace('>=', '') }, install: 'https://developer.hashicorp.com/terraform/install or https://opentofu.org/docs/intro/install/', purpose: 'applying the stacks (S3-native state locking sets the minimum)' },
    coder: { commands: ['coder'], args: ['version'], parse: firstVersion(/Coder v(\d+\.\d+\.\d+)/), min: `${coderd.major}.${coderd.minor}.0`, install: `https://coder.com/docs/install/cli (or ${'$'}CODER_URL/bin/coder-linux-amd64, the CLI of the server you run)`, purpose: 'configuring Coder, the smoke test and the scale test' },
    jq: { commands: ['jq'], args: ['--version'], parse: firstVersion(/jq-(\d+\.\d+(?:\.\d+)?)/), min: '1.6.0', install: 'apt-get install jq', purpose: 'reading JSON in the install and validation scripts' },
    curl: { commands: ['curl'], args: ['--version'], parse: firstVersion(/curl (\d+\.\d+\.\d+)/), min: '7.76.0', install: 'apt-get install curl', purpose: 'the Coder health checks' },
    dig: { commands: ['dig'], args: ['-v'], parse: () => '0.0.0', install: 'apt-get install dnsutils', purpose: 'checking the delegation of the hosted zone' },
    envsubst: { commands: ['envsubst'], args: ['--version'], parse: () => '0.0.0', install: 'apt-get install gettext-base', purpose: 'filling the target group into its binding' },
    npm: { commands: ['npm'], args: ['--version'], parse: (out) => semver.coerce(out)?.version, min: '10.0.0', install: 'Node.js 20 or 22 with npm', purpose: 'synthesizing the stacks, composing templates, running the guide' },
  };
}
