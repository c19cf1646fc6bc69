#!/usr/bin/env bash
# After deployment: build, reach and delete one pod workspace and one EC2
# workspace, timing each against the provisioning targets from
# generated/guide.env (one run is a smoke test, not a percentile).
set -euo pipefail

# shellcheck source=generated/guide.env
source generated/guide.env
: "${CODER_URL:?}" "${CODER_SESSION_TOKEN:?}"

smoke() { # template limit-seconds
  local start took
  ws="smoke-$1-$(date +%s)"
  start=$SECONDS
  # A failed build or ssh ends the script (set -e): delete the workspace on the way out, so no
  # instance is left running.
  trap 'coder delete "$ws" --yes >/dev/null 2>&1 || true' EXIT
  coder create "$ws" --template "$1" --yes
  coder ssh "$ws" -- echo "agent reachable in $ws"
  took=$((SECONDS - start))
  coder delete "$ws" --yes
  trap - EXIT
  if ((took > $2)); then echo "$1: ready after ${took}s, over the ${2}s target" >&2; return 1; fi
  echo "$1: ready after ${took}s (target ${2}s)"
}

# #region smoke
smoke "$SMOKE_POD_TEMPLATE" "$SMOKE_POD_SECONDS"
smoke "$SMOKE_EC2_TEMPLATE" "$SMOKE_EC2_SECONDS"
# #endregion smoke
