#!/usr/bin/env bash
# Apply one synthesized stack: usage snippets/apply-stack.sh <stack>.
# Run from the repository root after `npm run synth`, in the order
# `npm run stacks:order` prints. Re-running is safe: Terraform resumes.
set -euo pipefail

# shellcheck source=snippets/lib.sh
source snippets/lib.sh

stack="${1:?usage: snippets/apply-stack.sh <stack>}"
dir="cdktf.out/stacks/$stack"
[[ -d "$dir" ]] || { echo "No synthesized stack $stack in cdktf.out: run npm run synth first." >&2; exit 1; }

# #region apply
terraform -chdir="$dir" init -input=false
terraform -chdir="$dir" apply -input=false -auto-approve
# #endregion apply
