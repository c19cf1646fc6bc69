/**
 * Typed bindings for the few resources of hashicorp/helm and
 * hashicorp/kubernetes the guide uses: helm_release, kubernetes_manifest and
 * kubernetes_secret_v1.
 *
 * Why not the published bindings: @cdktn/provider-helm and
 * @cdktn/provider-kubernetes are not on the registry. The @cdktf ones
 * (provider-kubernetes 12.1.1 for 2.38.0, provider-helm 12.1.2 for 3.1.1)
 * synthesize inside a cdktn app through an alias cdktf@npm:cdktn, but they
 * declare a peer dependency on cdktf ^0.21, which installs only with npm's
 * legacy-peer-deps for the whole project, and the kubernetes one is 145 MB.
 * So these few classes stay, and test/unit/provider-bindings.test.ts holds
 * every attribute they write against the schemas extracted from those
 * packages (test/fixtures/provider-schemas/).
 */
import { TerraformProvider, TerraformResource, type TerraformMetaArguments } from 'cdktn';
import type { Construct } from 'constructs';
import { literal } from '../literal.js';

export const HELM_PROVIDER_VERSION = '3.0.2';
export const KUBERNETES_PROVIDER_VERSION = '2.38.0';

export interface ClusterAccess {
  host: string;
  clusterCaCertificate: string;
  /** `aws eks get-token` through the exec plugin: no long-lived credentials. */
  exec: { apiVersion: string; command: string; args: string[] };
}

function access(a: ClusterAccess) {
  return { host: a.host, cluster_ca_certificate: a.clusterCaCertificate, exec: { api_version: a.exec.apiVersion, command: a.exec.command, args: a.exec.args } };
}

export class HelmProvider extends TerraformProvider {
  constructor(scope: Construct, id: string, private readonly cluster: ClusterAccess) {
    super(scope, id, { terraformResourceType: 'helm', terraformProviderSource: 'hashicorp/helm', terraformGeneratorMetadata: { providerName: 'helm', providerVersionConstraint: HELM_PROVIDER_VERSION } });
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    // helm 3.x: `kubernetes` is a nested attribute.
    return { kubernetes: literal(access(this.cluster)) };
  }
}

export class KubernetesProvider extends TerraformProvider {
  constructor(scope: Construct, id: string, private readonly cluster: ClusterAccess) {
    super(scope, id, { terraformResourceType: 'kubernetes', terraformProviderSource: 'hashicorp/kubernetes', terraformGeneratorMetadata: { providerName: 'kubernetes', providerVersionConstraint: KUBERNETES_PROVIDER_VERSION } });
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    return literal(access(this.cluster));
  }
}

export interface HelmReleaseProps extends TerraformMetaArguments {
  name: string;
  repository: string;
  chart: string;
  version: string;
  namespace: string;
  /** YAML documents, as text: a `${` in them reaches Helm as written. */
  values: string[];
  /** Values known only at apply time (other stacks' outputs). */
  set?: Array<{ name: string; value: string }>;
  wait?: boolean;
  timeoutSeconds?: number;
  atomic?: boolean;
}

export class HelmRelease extends TerraformResource {
  static readonly tfResourceType = 'helm_release';
  constructor(scope: Construct, id: string, private readonly props: HelmReleaseProps) {
    const { dependsOn, lifecycle, provider } = props;
    super(scope, id, { terraformResourceType: HelmRelease.tfResourceType, terraformGeneratorMetadata: { providerName: 'helm' }, dependsOn, lifecycle, provider });
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    const p = this.props;
    return literal({
      name: p.name,
      repository: p.repository,
      chart: p.chart,
      version: p.version,
      namespace: p.namespace,
      values: p.values,
      ...(p.set?.length ? { set: p.set } : {}),
      wait: p.wait ?? true,
      timeout: p.timeoutSeconds ?? 900,
      atomic: p.atomic ?? true,
    });
  }
}

export class KubernetesManifest extends TerraformResource {
  static readonly tfResourceType = 'kubernetes_manifest';
  constructor(scope: Construct, id: string, private readonly manifest: Record<string, unknown>, meta: TerraformMetaArguments = {}) {
    super(scope, id, { terraformResourceType: KubernetesManifest.tfResourceType, terraformGeneratorMetadata: { providerName: 'kubernetes' }, dependsOn: meta.dependsOn });
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    return { manifest: literal(this.manifest) };
  }
}

export interface SecretProps extends TerraformMetaArguments {
  name: string;
  namespace: string;
  /** Values Terraform keeps in state: only what is no secret (a URL without a password). */
  data?: Record<string, string>;
  /**
   * Values written once and never stored (`data_wo`, provider 2.36+, Terraform 1.11+): fed from
   * ephemeral resources or another resource's attribute. Terraform cannot compare them, so it
   * writes them again only when `revision` changes (or the secret is replaced).
   */
  writeOnly?: { data: Record<string, string>; revision: number };
}

export class KubernetesSecret extends TerraformResource {
  static readonly tfResourceType = 'kubernetes_secret_v1';
  constructor(scope: Construct, id: string, private readonly props: SecretProps) {
    const { dependsOn, lifecycle, provider } = props;
    super(scope, id, { terraformResourceType: KubernetesSecret.tfResourceType, terraformGeneratorMetadata: { providerName: 'kubernetes' }, dependsOn, lifecycle, provider });
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    const p = this.props;
    return literal({
      metadata: { name: p.name, namespace: p.namespace },
      ...(p.data ? { data: p.data } : {}),
      ...(p.writeOnly ? { data_wo: p.writeOnly.data, data_wo_revision: p.writeOnly.revision } : {}),
      type: 'Opaque',
    });
  }
}
