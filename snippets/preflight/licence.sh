#!/usr/bin/env bash
# The Coder Premium licence must be in Secrets Manager before the coder stack
# runs: high availability, external provisioners, quotas and group sync need it.
set -euo pipefail

# shellcheck source=generated/guide.env
source generated/guide.env

# #region licence
if ! aws secretsmanager describe-secret --secret-id "$CODER_SECRETS_PREFIX/license" --query Name --output text >/dev/null; then
  echo "Store the licence first: aws secretsmanager create-secret --name $CODER_SECRETS_PREFIX/license --secret-string file://coder.license" >&2
  exit 1
fi
# #endregion licence
echo "licence: $CODER_SECRETS_PREFIX/license is present"
