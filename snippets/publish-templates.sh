#!/usr/bin/env bash
# Compose the workspace templates with resolved artifacts, then apply the coder
# stack, which configures Coder and pushes one template per t-shirt size.
# Needs CODER_URL and CODER_SESSION_TOKEN (an Owner's token).
set -euo pipefail

: "${CODER_URL:?export CODER_URL=https://<access host>}"
: "${CODER_SESSION_TOKEN:?export CODER_SESSION_TOKEN=<token of an Owner>}"

# #region artifacts
if grep -q '^source: example' templates/artifacts.lock.yaml; then
  echo "templates/artifacts.lock.yaml holds example artifacts. Push the toolchain images, then:" >&2
  echo "  npm run compose -- resolve --registry <account>.dkr.ecr.<region>.amazonaws.com/<prefix>" >&2
  exit 1
fi
npm run -s compose -- all --profile "${GUIDE_PROFILE:-production}"
# #endregion artifacts

# #region coder-stack
terraform -chdir=cdktf.out/stacks/coder init -input=false
terraform -chdir=cdktf.out/stacks/coder apply -input=false -auto-approve
# #endregion coder-stack
coder templates list
