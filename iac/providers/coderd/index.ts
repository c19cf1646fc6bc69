/**
 * Typed bindings for the Terraform provider coder/coderd, which has no
 * prebuilt CDK bindings. Only the resources the guide manages, with the
 * attribute names and nesting of the provider's documented schema (v0.0.23),
 * which test/unit/provider-bindings.test.ts holds them to (the arguments
 * extracted from the provider's generated docs at that tag).
 * Each class takes camelCase props and writes the provider's snake_case.
 */
import { TerraformProvider, TerraformResource, type TerraformMetaArguments } from 'cdktn';
import type { Construct } from 'constructs';
import { literal } from '../literal.js';

/** Provider version the bindings follow. */
export const CODERD_PROVIDER_VERSION = '0.0.23';
const metadata = { providerName: 'coderd', providerVersionConstraint: CODERD_PROVIDER_VERSION };

/** Drops undefined values so that unset optional attributes stay out of the JSON. */
function compact<T extends Record<string, unknown>>(attrs: T): Partial<T> {
  return Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface CoderdProviderConfig {
  /** Defaults to $CODER_URL. */
  url?: string;
  /** Defaults to $CODER_SESSION_TOKEN; keep it out of the code. */
  token?: string;
  headers?: Record<string, string>;
}

export class CoderdProvider extends TerraformProvider {
  constructor(scope: Construct, id: string, private readonly config: CoderdProviderConfig = {}) {
    super(scope, id, { terraformResourceType: 'coderd', terraformGeneratorMetadata: metadata, terraformProviderSource: 'coder/coderd' });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return literal(compact({ url: this.config.url, token: this.config.token, headers: this.config.headers }));
  }
}

abstract class CoderdResource<P extends TerraformMetaArguments> extends TerraformResource {
  constructor(scope: Construct, id: string, type: string, protected readonly props: P) {
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: metadata, ...metaArguments(props) });
  }
  protected abstract attributes(): Record<string, unknown>;
  /** Every attribute as text Terraform will not evaluate (group names, IdP groups, display names come from the config). */
  protected override synthesizeAttributes(): Record<string, unknown> {
    return literal(compact(this.attributes()));
  }
}

function metaArguments(props: TerraformMetaArguments): TerraformMetaArguments {
  const { dependsOn, count, provider, lifecycle, forEach } = props;
  return { dependsOn, count, provider, lifecycle, forEach };
}

// ── coderd_organization ──────────────────────────────────────────────────────
export interface OrganizationProps extends TerraformMetaArguments {
  name: string;
  displayName?: string;
  description?: string;
  icon?: string;
  /** IdP role claim value → Coder organization role names. */
  roleSync?: { field: string; mapping: Record<string, string[]> };
}

export class CoderdOrganization extends CoderdResource<OrganizationProps> {
  static readonly tfResourceType = 'coderd_organization';
  constructor(scope: Construct, id: string, props: OrganizationProps) {
    super(scope, id, CoderdOrganization.tfResourceType, props);
  }
  get id(): string {
    return this.getStringAttribute('id');
  }
  protected attributes() {
    const p = this.props;
    return { name: p.name, display_name: p.displayName, description: p.description, icon: p.icon, role_sync: p.roleSync && { field: p.roleSync.field, mapping: p.roleSync.mapping } };
  }
}

// ── coderd_group ─────────────────────────────────────────────────────────────
export interface GroupProps extends TerraformMetaArguments {
  name: string;
  displayName?: string;
  organizationId?: string;
  /** Quota credits per member (int32). */
  quotaAllowance?: number;
  /** User IDs; leave unset to let group sync manage membership. */
  members?: string[];
}

export class CoderdGroup extends CoderdResource<GroupProps> {
  static readonly tfResourceType = 'coderd_group';
  constructor(scope: Construct, id: string, props: GroupProps) {
    super(scope, id, CoderdGroup.tfResourceType, props);
  }
  get id(): string {
    return this.getStringAttribute('id');
  }
  protected attributes() {
    const p = this.props;
    return { name: p.name, display_name: p.displayName, organization_id: p.organizationId, quota_allowance: p.quotaAllowance, members: p.members };
  }
}

// ── coderd_organization_group_sync ───────────────────────────────────────────
export interface OrganizationGroupSyncProps extends TerraformMetaArguments {
  organizationId: string;
  field: string;
  /** IdP group name → Coder group IDs. */
  mapping: Record<string, string[]>;
  regexFilter?: string;
  autoCreateMissing?: boolean;
}

export class CoderdOrganizationGroupSync extends CoderdResource<OrganizationGroupSyncProps> {
  static readonly tfResourceType = 'coderd_organization_group_sync';
  constructor(scope: Construct, id: string, props: OrganizationGroupSyncProps) {
    super(scope, id, CoderdOrganizationGroupSync.tfResourceType, props);
  }
  protected attributes() {
    const p = this.props;
    return { organization_id: p.organizationId, field: p.field, mapping: p.mapping, regex_filter: p.regexFilter, auto_create_missing: p.autoCreateMissing };
  }
}

// ── coderd_provisioner_key ───────────────────────────────────────────────────
export interface ProvisionerKeyProps extends TerraformMetaArguments {
  organizationId: string;
  name: string;
  tags?: Record<string, string>;
}

export class CoderdProvisionerKey extends CoderdResource<ProvisionerKeyProps> {
  static readonly tfResourceType = 'coderd_provisioner_key';
  constructor(scope: Construct, id: string, props: ProvisionerKeyProps) {
    super(scope, id, CoderdProvisionerKey.tfResourceType, props);
  }
  /** The issued key (sensitive). */
  get key(): string {
    return this.getStringAttribute('key');
  }
  protected attributes() {
    const p = this.props;
    return { organization_id: p.organizationId, name: p.name, tags: p.tags };
  }
}

// ── coderd_license ───────────────────────────────────────────────────────────
export interface LicenseProps extends TerraformMetaArguments {
  license: string;
}

export class CoderdLicense extends CoderdResource<LicenseProps> {
  static readonly tfResourceType = 'coderd_license';
  constructor(scope: Construct, id: string, props: LicenseProps) {
    super(scope, id, CoderdLicense.tfResourceType, { lifecycle: { createBeforeDestroy: true }, ...props });
  }
  protected attributes() {
    return { license: this.props.license };
  }
}

// ── coderd_template ──────────────────────────────────────────────────────────
export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

export interface TemplateVersion {
  name?: string;
  message?: string;
  /** Path of the template directory, relative to the stack's working directory. */
  directory: string;
  active?: boolean;
  tfVars?: Array<{ name: string; value: string }>;
  provisionerTags?: Array<{ name: string; value: string }>;
}

export interface TemplateAcl {
  users: Array<{ id: string; role: 'admin' | 'use' }>;
  groups: Array<{ id: string; role: 'admin' | 'use' }>;
}

export interface TemplateProps extends TerraformMetaArguments {
  name: string;
  displayName?: string;
  description?: string;
  icon?: string;
  organizationId?: string;
  defaultTtlMs?: number;
  activityBumpMs?: number;
  autoStopRequirement?: { daysOfWeek: Weekday[]; weeks: number };
  autoStartPermittedDaysOfWeek?: Weekday[];
  allowUserAutoStart?: boolean;
  allowUserAutoStop?: boolean;
  allowUserCancelWorkspaceJobs?: boolean;
  failureTtlMs?: number;
  timeTilDormantMs?: number;
  timeTilDormantAutodeleteMs?: number;
  requireActiveVersion?: boolean;
  maxPortShareLevel?: 'owner' | 'authenticated' | 'organization' | 'public';
  acl?: TemplateAcl;
  versions?: TemplateVersion[];
}

export class CoderdTemplate extends CoderdResource<TemplateProps> {
  static readonly tfResourceType = 'coderd_template';
  constructor(scope: Construct, id: string, props: TemplateProps) {
    super(scope, id, CoderdTemplate.tfResourceType, props);
  }
  get id(): string {
    return this.getStringAttribute('id');
  }
  protected attributes() {
    const p = this.props;
    return {
      name: p.name,
      display_name: p.displayName,
      description: p.description,
      icon: p.icon,
      organization_id: p.organizationId,
      default_ttl_ms: p.defaultTtlMs,
      activity_bump_ms: p.activityBumpMs,
      auto_stop_requirement: p.autoStopRequirement && { days_of_week: p.autoStopRequirement.daysOfWeek, weeks: p.autoStopRequirement.weeks },
      auto_start_permitted_days_of_week: p.autoStartPermittedDaysOfWeek,
      allow_user_auto_start: p.allowUserAutoStart,
      allow_user_auto_stop: p.allowUserAutoStop,
      allow_user_cancel_workspace_jobs: p.allowUserCancelWorkspaceJobs,
      failure_ttl_ms: p.failureTtlMs,
      time_til_dormant_ms: p.timeTilDormantMs,
      time_til_dormant_autodelete_ms: p.timeTilDormantAutodeleteMs,
      require_active_version: p.requireActiveVersion,
      max_port_share_level: p.maxPortShareLevel,
      acl: p.acl,
      versions: p.versions?.map((v) =>
        compact({ name: v.name, message: v.message, directory: v.directory, active: v.active, tf_vars: v.tfVars, provisioner_tags: v.provisionerTags }),
      ),
    };
  }
}
