#!/usr/bin/env bash
# Bootstrap the Terraform state bucket.
#
# The state stack creates the S3 bucket that every stack, itself included,
# keeps its state in. It is applied once with local state, then its state is
# moved into the bucket it created. Run from the repository root with AWS
# credentials for the target account. Idempotent: re-running after the
# migration only plans against the S3 backend.
set -euo pipefail

# shellcheck source=snippets/lib.sh
source snippets/lib.sh

profile="${GUIDE_PROFILE:-production}"
stack_dir="cdktf.out/stacks/state"

# #region synth
npm run synth -- --profile "$profile"
# #endregion synth

cd "$stack_dir"

# #region local-apply
# A *_override.tf.json file replaces the S3 backend with local state for the
# first apply only: the bucket does not exist yet.
cat > backend_override.tf.json <<'JSON'
{ "terraform": { "backend": { "local": { "path": "bootstrap.tfstate" } } } }
JSON
terraform init -input=false -reconfigure
terraform apply -input=false -auto-approve
# #endregion local-apply

# #region migrate
# Drop the override and copy the local state into the new bucket.
rm backend_override.tf.json
terraform init -input=false -migrate-state -force-copy
rm -f bootstrap.tfstate bootstrap.tfstate.backup
terraform plan -input=false -detailed-exitcode
# #endregion migrate
