/**
 * Tool versions the synthesized Terraform requires. One declaration: the App's
 * target-version validation, each stack's `required_version` and the guide's
 * prerequisites page all read it.
 */
// #region terraform-versions
export const terraformVersions = {
  // S3-native state locking (use_lockfile) needs 1.10+; write-only arguments (secrets that never
  // reach state, see the platform stack) need Terraform 1.11+ and OpenTofu 1.11+.
  terraform: '>=1.11.0',
  opentofu: '>=1.11.0',
} as const;
// #endregion terraform-versions

/** The `required_version` constraint written into every stack (Terraform's constraint syntax). */
export const requiredTerraformVersion = terraformVersions.terraform.replace('>=', '>= ');
