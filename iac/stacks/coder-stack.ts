/**
 * The coder stack: Coder itself, configured through its API with the coderd
 * Terraform provider (Day 1/2): the organization with role sync, groups with
 * quotas and group sync, the provisioner key the external provisioners use,
 * the licence, and one template per t-shirt size with its schedule and ACL.
 *
 * Runs after Coder is installed; the provider reads CODER_URL and
 * CODER_SESSION_TOKEN from the environment (a token of an Owner).
 */
import path from 'node:path';
import { TerraformVariable } from 'cdktn';
import type { Construct } from 'constructs';
import type { Deployment } from '../deployment.js';
import { TSHIRT_SIZES } from '../coder/catalog.js';
import { PROVISIONER_KEY_SECRET } from '../helm/provisioner-values.js';
import { coderSecretId, NAMESPACES, provisionerTags } from '../platform.js';
import { CoderdGroup, CoderdLicense, CoderdOrganization, CoderdOrganizationGroupSync, CoderdProvider, CoderdProvisionerKey, CoderdTemplate, type Weekday } from '../providers/coderd/index.js';
import { KubernetesProvider, KubernetesSecret, type ClusterAccess } from '../providers/kubernetes/index.js';
import { GuideStack } from './guide-stack.js';

const HOUR_MS = 3_600_000;

/**
 * Where this deployment's composed templates live, seen from the synthesized
 * stack's working directory (<out>/stacks/coder): <out>/templates, which the
 * templates step writes with `npm run compose -- all --profile <p> --out
 * <out>/templates`. Inside the synth output, so that the stack pushes its own
 * profile's templates from wherever it was synthesized (templates/composed,
 * committed, is the production profile's, for the pages).
 */
export const SYNTH_TEMPLATES_DIR = 'templates';
export const COMPOSED_TEMPLATES_DIR = path.posix.join('..', '..', SYNTH_TEMPLATES_DIR);

/** Which catalog templates a group's `templates` setting admits. */
export function admits(selection: 'all' | 'swdev' | 'datasci', template: string): boolean {
  if (selection === 'all') return true;
  return selection === 'datasci' ? template.startsWith('datasci') : !template.startsWith('datasci');
}

export class CoderStack extends GuideStack {
  readonly organization: CoderdOrganization;
  readonly groups: Record<string, CoderdGroup> = {};
  readonly templates: Record<string, CoderdTemplate> = {};
  readonly provisionerKey: CoderdProvisionerKey;

  /** `cluster`: how to reach the cluster, where the provisioner key's secret goes. */
  constructor(scope: Construct, deployment: Deployment, cluster: ClusterAccess) {
    const { config } = deployment;
    super(scope, 'coder', config);
    new CoderdProvider(this, 'coderd');
    new KubernetesProvider(this, 'kubernetes', cluster);
    const coder = config.coder;

    // #region coder-license
    // Given at apply time (TF_VAR_coder_license, from Secrets Manager), not read by a data source:
    // coderd_license keeps the licence in this stack's state (the provider has no write-only
    // argument), and nothing else holds a copy.
    const licence = new TerraformVariable(this, 'coder_license', {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: `The Coder Premium licence: export TF_VAR_coder_license="$(aws secretsmanager get-secret-value --secret-id ${coderSecretId(config.name, 'license')} --query SecretString --output text)"`,
    });
    const license = new CoderdLicense(this, 'license', { license: licence.stringValue });
    // #endregion coder-license

    // #region coder-organization
    // The default organization exists already: import it once (see the Day 2 page), then Terraform owns it.
    this.organization = new CoderdOrganization(this, 'organization', {
      name: coder.organization,
      roleSync: { field: config.oidc.roleField, mapping: coder.roleSync },
      dependsOn: [license],
    });
    for (const group of coder.groups) {
      this.groups[group.name] = new CoderdGroup(this, `group-${group.name}`, {
        name: group.name,
        displayName: group.displayName,
        organizationId: this.organization.id,
        quotaAllowance: group.quotaAllowance,
      });
    }
    // A Map, not an object: an IdP group may be called "constructor" or "__proto__".
    const byIdpGroup = new Map<string, string[]>();
    for (const group of coder.groups) for (const idp of group.idpGroups) byIdpGroup.set(idp, [...(byIdpGroup.get(idp) ?? []), this.groups[group.name]!.id]);
    const mapping = Object.fromEntries(byIdpGroup);
    new CoderdOrganizationGroupSync(this, 'group-sync', {
      organizationId: this.organization.id,
      field: config.oidc.groupField,
      mapping,
      autoCreateMissing: false,
    });
    // #endregion coder-organization

    // #region provisioner-key
    const key = (this.provisionerKey = new CoderdProvisionerKey(this, 'provisioner-key', {
      organizationId: this.organization.id,
      name: `${config.name}-eks`,
      tags: provisionerTags(config.name),
    }));
    // Straight into the provisioners' namespace as write-only data: the key is in this stack's state
    // once (coderd_provisioner_key keeps what it issued), and in no output, no other stack, no file.
    // A new key (a replaced resource) replaces the secret, which writes the new value.
    new KubernetesSecret(this, 'provisioner-key-secret', {
      name: PROVISIONER_KEY_SECRET.name,
      namespace: NAMESPACES.provisioners,
      writeOnly: { data: { [PROVISIONER_KEY_SECRET.key]: key.key }, revision: 1 },
      // A bare reference: Terraform refuses the `${…}` form cdktn writes for a resource object here.
      lifecycle: { replaceTriggeredBy: [`${key.terraformResourceType}.${key.friendlyUniqueId}`] },
    });
    // #endregion provisioner-key

    // #region templates
    const weekdays = coder.schedule.autoStartDays as Weekday[];
    for (const size of TSHIRT_SIZES) {
      const alwaysOn = coder.alwaysOnTemplates.includes(size.name);
      const acl = {
        users: [],
        groups: coder.groups
          .filter((g) => g.templateAdmin || admits(g.templates, size.name))
          .map((g) => ({ id: this.groups[g.name]!.id, role: g.templateAdmin ? ('admin' as const) : ('use' as const) })),
      };
      this.templates[size.name] = new CoderdTemplate(this, `template-${size.name}`, {
        name: size.name,
        displayName: size.displayName,
        description: `${size.audience}: ${size.vcpu} vCPU, ${size.memoryGiB} GiB, ${size.storageGiB} GiB home`,
        organizationId: this.organization.id,
        // Auto-start and auto-stop on (Property 7), except the designated 24×7 templates.
        defaultTtlMs: alwaysOn ? 0 : coder.schedule.defaultTtlHours * HOUR_MS,
        activityBumpMs: coder.schedule.activityBumpHours * HOUR_MS,
        allowUserAutoStart: true,
        allowUserAutoStop: !alwaysOn,
        autoStartPermittedDaysOfWeek: weekdays,
        autoStopRequirement: { daysOfWeek: [], weeks: 1 },
        timeTilDormantMs: coder.schedule.dormantAfterDays * 24 * HOUR_MS,
        requireActiveVersion: true,
        maxPortShareLevel: 'owner',
        acl,
        versions: [
          {
            directory: path.posix.join(COMPOSED_TEMPLATES_DIR, size.composition),
            active: true,
            // The composed template offers the toolchain's sizes; this template starts on its own.
            tfVars: [{ name: 'compute_profile', value: size.name }],
            provisionerTags: Object.entries(provisionerTags(config.name)).map(([name, value]) => ({ name, value })),
          },
        ],
        dependsOn: [key],
      });
    }
    // #endregion templates

  }
}
