#!/usr/bin/env bash
# After deployment: Coder answers and reports itself healthy, OIDC login is
# configured and its IdP reachable, Git external auth and group sync are set.
set -euo pipefail

: "${CODER_URL:?export CODER_URL=https://<access host>}"
: "${CODER_SESSION_TOKEN:?export CODER_SESSION_TOKEN=<token of an Owner>}"
api() { curl -fsS --max-time 20 -H "Coder-Session-Token: $CODER_SESSION_TOKEN" "$CODER_URL/api/v2/$1"; }

# #region health
[[ "$(curl -fsS --max-time 10 "$CODER_URL/healthz")" == "OK" ]] || { echo "$CODER_URL/healthz did not answer OK" >&2; exit 1; }
report="$(api debug/health)"
if [[ "$(jq -r .healthy <<<"$report")" != "true" ]]; then
  jq -r 'to_entries[] | select(.value | type == "object" and has("healthy") and (.healthy | not)) | "unhealthy: \(.key): \(.value.error // .value.warnings // "see the report")"' <<<"$report" >&2
  exit 1
fi
echo "coder: healthz OK, health report healthy"
# #endregion health

# #region identity
config="$(api deployment/config)"
[[ "$(api users/authmethods | jq -r .oidc.enabled)" == "true" ]] || { echo "OIDC login is not enabled" >&2; exit 1; }
issuer="$(jq -r .config.oidc.issuer_url <<<"$config")"
curl -fsS --max-time 10 "${issuer%/}/.well-known/openid-configuration" | jq -e .authorization_endpoint >/dev/null
echo "coder: OIDC enabled, issuer $issuer answers"
jq -e '.config.external_auth | length > 0' <<<"$config" >/dev/null || { echo "no Git external auth provider configured" >&2; exit 1; }
echo "coder: external auth $(jq -r '[.config.external_auth[].id] | join(", ")' <<<"$config")"
org="$(api organizations | jq -r '.[] | select(.is_default) | .id')"
api "organizations/$org/settings/idpsync/groups" | jq -e '(.field | length > 0) and (.mapping | length > 0)' >/dev/null ||
  { echo "group sync has no field or no mapping: apply the coder stack" >&2; exit 1; }
echo "coder: group sync configured"
# #endregion identity
