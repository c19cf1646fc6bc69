#!/usr/bin/env bash
# Configure Coder with the coder stack, in the order a fresh deployment needs:
# adopt the default organization, issue the licence and the provisioner key,
# install the provisioners with that key, then apply the rest, which pushes one
# template per t-shirt size (a template version is imported by a provisioner).
# Needs CODER_URL and CODER_SESSION_TOKEN (an Owner's token). Safe to re-run.
set -euo pipefail

: "${CODER_URL:?export CODER_URL=https://<access host>}"
: "${CODER_SESSION_TOKEN:?export CODER_SESSION_TOKEN=<token of an Owner>}"
# shellcheck source=generated/guide.env
source cdktf.out/deployment/guide.env
# shellcheck source=snippets/lib.sh
source snippets/lib.sh

# #region artifacts
if grep -q '^source: example' templates/artifacts.lock.yaml; then
  echo "templates/artifacts.lock.yaml holds example artifacts. Push the toolchain images, then:" >&2
  echo "  npm run compose -- resolve --registry <account>.dkr.ecr.<region>.amazonaws.com/<prefix>" >&2
  exit 1
fi
# This deployment's templates, where its coder stack reads them (cdktf.out/templates).
npm run -s compose -- all --profile "${GUIDE_PROFILE:-production}" --out cdktf.out/templates
# #endregion artifacts

# #region coder-day1
stack=cdktf.out/stacks/coder
terraform -chdir="$stack" init -input=false
# The default organization exists from coderd's first start: Terraform adopts it once, by the
# name it has now (the apply then gives it the configured one).
if ! terraform -chdir="$stack" state show coderd_organization.organization >/dev/null 2>&1; then
  default_org="$(coder_api organizations | jq -er '.[] | select(.is_default) | .name')"
  terraform -chdir="$stack" import -input=false coderd_organization.organization "$default_org"
fi
# The licence (external provisioners are a Premium feature) and the provisioners' key first. The
# licence is given as a variable, straight from Secrets Manager (no data source keeps a copy); the
# key goes from coderd straight into its Kubernetes secret as write-only data (no output, no file).
TF_VAR_coder_license="$(secret license)"
export TF_VAR_coder_license
terraform -chdir="$stack" apply -input=false -auto-approve \
  -target=coderd_license.license -target=kubernetes_secret_v1.provisioner-key-secret
# #endregion coder-day1

# #region install-provisioners
helm repo add coder-v2 "$CODER_PROVISIONER_CHART_REPO" --force-update
helm upgrade --install coder-provisioner "coder-v2/$CODER_PROVISIONER_CHART" --version "$CODER_PROVISIONER_CHART_VERSION" \
  --namespace coder-prov -f cdktf.out/deployment/helm/coder-provisioner-values.yaml --wait --timeout "$CODER_PROVISIONER_CHART_TIMEOUT"
kubectl apply -f cdktf.out/deployment/k8s/provisioner-scaler.yaml
# #endregion install-provisioners

# #region coder-stack
# Everything else: groups and their sync, and the templates, which the provisioners now import.
terraform -chdir="$stack" apply -input=false -auto-approve
# #endregion coder-stack
coder templates list
