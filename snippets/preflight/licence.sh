#!/usr/bin/env bash
# The Coder Premium licence must be in Secrets Manager before the coder stack
# runs: high availability, external provisioners, quotas, group sync and
# several organizations need it. The licence is a JWT; its claims say which
# feature set it unlocks and until when (Coder checks the signature on upload).
set -euo pipefail

# shellcheck source=generated/guide.env
source cdktf.out/deployment/guide.env
# shellcheck source=snippets/lib.sh
source snippets/lib.sh

# #region licence
# A date from seconds since 1970: GNU date (Linux), or BSD date (macOS).
day() { date -u -d "@$1" +%F 2>/dev/null || date -u -r "$1" +%F; }
if ! jwt="$(secret license)"; then
  echo "Store the licence first: aws secretsmanager create-secret --name $CODER_SECRETS_PREFIX/license --secret-string file://coder.license" >&2
  exit 1
fi
# The claims are the JWT's second part, base64url without padding.
payload="$(cut -d. -f2 <<<"$jwt" | tr '_-' '/+')"
while (( ${#payload} % 4 )); do payload+="="; done
if ! claims="$(base64 -d <<<"$payload" 2>/dev/null)" || ! jq -e 'type == "object"' <<<"$claims" >/dev/null 2>&1; then
  echo "$CODER_SECRETS_PREFIX/license does not hold a Coder licence (a JWT): store the file Coder sent, as it is" >&2
  exit 1
fi
feature_set="$(jq -r '.feature_set // (if .all_features then "enterprise" else "" end)' <<<"$claims")"
if [[ "$feature_set" != "premium" ]]; then
  echo "The licence's feature set is \"${feature_set:-none}\", not premium: this deployment uses Premium features (several organizations, group and role sync); ask Coder for a Premium licence" >&2
  exit 1
fi
expires="$(jq -r '(.license_expires // .exp // 0) | floor' <<<"$claims")"
now="$(date +%s)"
if (( expires <= now )); then
  echo "The licence expired on $(day "$expires"): store a renewed one in $CODER_SECRETS_PREFIX/license" >&2
  exit 1
fi
days=$(( (expires - now) / 86400 ))
if (( days < 30 )); then echo "warning: the licence expires in $days day(s), on $(day "$expires")" >&2; fi
if [[ "$(jq -r '.trial // false' <<<"$claims")" == "true" ]]; then echo "warning: this is a trial licence" >&2; fi
# #endregion licence
echo "licence: Premium, valid until $(day "$expires")"
