#!/usr/bin/env bash
# After deployment: build, reach and delete one pod workspace and one EC2
# workspace, timing each against the provisioning targets from
# cdktf.out/deployment/guide.env (one run is a smoke test, not a percentile).
set -euo pipefail

# shellcheck source=generated/guide.env
source cdktf.out/deployment/guide.env
: "${CODER_URL:?}" "${CODER_SESSION_TOKEN:?}"

smoke() { # pod|ec2 template limit-seconds
  local start took
  # Coder names are at most 32 characters: smoke-pod-1767225600.
  ws="smoke-$1-$(date +%s)"
  start=$SECONDS
  # A failed build or ssh ends the script (set -e): delete the workspace on the way out, so no
  # instance is left running.
  trap 'coder delete "$ws" --yes >/dev/null 2>&1 || true' EXIT
  # Each t-shirt size is a template of that name whose compute_profile parameter defaults to it
  # (iac/stacks/coder-stack.ts); naming the value answers the prompt a script cannot.
  coder create "$ws" --template "$2" --parameter "compute_profile=$2" --yes
  coder ssh "$ws" -- echo "agent reachable in $ws"
  took=$((SECONDS - start))
  coder delete "$ws" --yes
  trap - EXIT
  if ((took > $3)); then echo "$2: ready after ${took}s, over the ${3}s target" >&2; return 1; fi
  echo "$2: ready after ${took}s (target ${3}s)"
}

# #region smoke
smoke pod "$SMOKE_POD_TEMPLATE" "$SMOKE_POD_SECONDS"
smoke ec2 "$SMOKE_EC2_TEMPLATE" "$SMOKE_EC2_SECONDS"
# #endregion smoke
