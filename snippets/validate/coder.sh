#!/usr/bin/env bash
# After deployment: Coder answers and reports itself healthy, OIDC login is
# configured and its IdP reachable, Git external auth and group sync are set.
set -euo pipefail

: "${CODER_URL:?export CODER_URL=https://<access host>}"
: "${CODER_SESSION_TOKEN:?export CODER_SESSION_TOKEN=<token of an Owner>}"
# shellcheck source=snippets/lib.sh
source snippets/lib.sh

# #region health
[[ "$(curl -fsS --max-time 10 "${CODER_URL%/}/healthz")" == "OK" ]] || { echo "$CODER_URL/healthz did not answer OK" >&2; exit 1; }
report="$(coder_api debug/health)"
if [[ "$(jq -r .healthy <<<"$report")" != "true" ]]; then
  jq -r 'to_entries[] | select(.value | type == "object" and has("healthy") and (.healthy | not)) | "unhealthy: \(.key): \(.value.error // .value.warnings // "see the report")"' <<<"$report" >&2
  exit 1
fi
echo "coder: healthz OK, health report healthy"
# #endregion health

# #region identity
config="$(coder_api deployment/config)"
[[ "$(coder_api users/authmethods | jq -r .oidc.enabled)" == "true" ]] || { echo "OIDC login is not enabled" >&2; exit 1; }
issuer="$(jq -r .config.oidc.issuer_url <<<"$config")"
authorize="$(curl -fsS --max-time 10 "${issuer%/}/.well-known/openid-configuration" | jq -er .authorization_endpoint)"
# The start of a login: coderd sends the browser to the IdP with its client id and a callback on
# the access URL it was given. (Signing in as a person is the one part left to you.)
access_url="$(jq -r '.config.access_url | if type == "object" then "\(.Scheme)://\(.Host)\(.Path)" else . end' <<<"$config")"
callback="$(jq -rn --arg u "${access_url%/}/api/v2/users/oidc/callback" '$u | @uri')"
login="$(curl -sS --max-time 10 -o /dev/null -w '%{redirect_url}' "${CODER_URL%/}/api/v2/users/oidc/callback")"
# The IdP's endpoint may carry a query of its own (Azure AD B2C's ?p=…): the login's follows it.
if [[ "$authorize" == *"?"* ]]; then start="$authorize&"; else start="$authorize?"; fi
if [[ "$login" != "$start"* || "$login" != *"client_id="* || "$login" != *"redirect_uri=$callback"* ]]; then
  printf 'OIDC login does not start at the IdP with the access URL %s as its callback.\nExpected %s…client_id=…&redirect_uri=%s\nGot: %s\n' "$access_url" "$start" "$callback" "${login:-no redirect}" >&2
  exit 1
fi
echo "coder: OIDC login starts at $authorize, issuer $issuer"
jq -e '.config.external_auth | length > 0' <<<"$config" >/dev/null || { echo "no Git external auth provider configured" >&2; exit 1; }
providers="$(jq -r '.config.external_auth[].id' <<<"$config")"
while read -r id; do
  coder_api "external-auth/$id" | jq -e 'has("authenticated")' >/dev/null || { echo "external auth provider $id is configured but coderd does not serve it" >&2; exit 1; }
done <<<"$providers"
echo "coder: external auth $(jq -r '[.config.external_auth[].id] | join(", ")' <<<"$config")"
org="$(coder_api organizations | jq -r '.[] | select(.is_default) | .id')"
coder_api "organizations/$org/settings/idpsync/groups" | jq -e '(.field | length > 0) and (.mapping | length > 0)' >/dev/null ||
  { echo "group sync has no field or no mapping: apply the coder stack" >&2; exit 1; }
echo "coder: group sync configured"
# #endregion identity
