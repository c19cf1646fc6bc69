#!/usr/bin/env bash
# Helpers the install and publish steps share. Sourced after cdktf.out/deployment/guide.env,
# by scripts that already stop on the first error, as this does when run alone.
set -euo pipefail

# The snippets call terraform; where only OpenTofu is installed, tofu runs in its place (the guide's
# runner checks the version of whichever one this picks).
if ! command -v terraform >/dev/null 2>&1 && command -v tofu >/dev/null 2>&1; then
  terraform() { tofu "$@"; }
fi

# Terraform in a synthesized stack's directory: tf <stack> <terraform args…>.
tf() { terraform -chdir="cdktf.out/stacks/$1" "${@:2}"; }
# An output of a synthesized stack: tf_output <stack> <output>.
tf_output() { tf "$1" output -raw "$2"; }
# The Coder API as an Owner: coder_api <path under /api/v2/> (CODER_URL may end in a slash).
coder_api() {
  local url="${CODER_URL:?export CODER_URL=https://<access host>}"
  curl -fsS --max-time 20 -H "Coder-Session-Token: ${CODER_SESSION_TOKEN:?export CODER_SESSION_TOKEN=<token of an Owner>}" "${url%/}/api/v2/$1"
}
# A secret of the deployment in Secrets Manager: secret <name under CODER_SECRETS_PREFIX>.
secret() { aws secretsmanager get-secret-value --secret-id "$CODER_SECRETS_PREFIX/$1" --query SecretString --output text; }
# Create or update a Kubernetes secret: apply_secret <namespace> <name> <kubectl create secret args…>.
apply_secret() { kubectl -n "$1" create secret generic "$2" "${@:3}" --dry-run=client -o yaml | kubectl apply -f -; }
# A throwaway PostgreSQL client pod on a coder-control node, as JSON for `kubectl run --overrides`:
# postgres_client_pod <name> <container fields as JSON>. It carries what the coder namespace's
# restricted Pod Security level admits (non-root, no privilege escalation, no capabilities,
# RuntimeDefault seccomp), the node group's selector and toleration, and the RDS certificate
# authorities (the rds-ca region of install-coder.sh) in $RDS_CA_MOUNT_PATH, for sslmode=verify-full.
POSTGRES_CLIENT_IMAGE=postgres:16-alpine
postgres_client_pod() {
  jq -n --arg name "$1" --arg image "$POSTGRES_CLIENT_IMAGE" --argjson container "$2" \
    --arg ca_map "$RDS_CA_CONFIGMAP" --arg ca_dir "$RDS_CA_MOUNT_PATH" '{
    apiVersion: "v1", kind: "Pod", metadata: {name: $name, namespace: "coder"},
    spec: {
      restartPolicy: "Never",
      nodeSelector: {"coder.com/node-group": "coder-control"},
      tolerations: [{key: "coder.com/node-group", operator: "Equal", value: "coder-control", effect: "NoSchedule"}],
      securityContext: {runAsNonRoot: true, runAsUser: 70, seccompProfile: {type: "RuntimeDefault"}},
      volumes: [{name: "rds-ca", configMap: {name: $ca_map}}],
      containers: [{name: $name, image: $image} + $container + {
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: ["ALL"]}},
        volumeMounts: [{name: "rds-ca", mountPath: $ca_dir, readOnly: true}]
      }]
    }}'
}
