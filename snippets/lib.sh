#!/usr/bin/env bash
# Helpers the install and publish steps share. Sourced after generated/guide.env,
# by scripts that already stop on the first error, as this does when run alone.
set -euo pipefail

# An output of a synthesized stack: tf_output <stack> <output>.
tf_output() { terraform -chdir="cdktf.out/stacks/$1" output -raw "$2"; }
# A secret of the deployment in Secrets Manager: secret <name under CODER_SECRETS_PREFIX>.
secret() { aws secretsmanager get-secret-value --secret-id "$CODER_SECRETS_PREFIX/$1" --query SecretString --output text; }
# Create or update a Kubernetes secret: apply_secret <namespace> <name> <kubectl create secret args…>.
apply_secret() { kubectl -n "$1" create secret generic "$2" "${@:3}" --dry-run=client -o yaml | kubectl apply -f -; }
