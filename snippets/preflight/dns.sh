#!/usr/bin/env bash
# The public hosted zone must exist in this account and be delegated to it:
# the edge stack validates the certificate and publishes the access URL there.
set -euo pipefail

# shellcheck source=generated/guide.env
source generated/guide.env

# #region hosted-zone
zone_id="$(aws route53 list-hosted-zones-by-name --dns-name "$DNS_ZONE" --max-items 1 \
  --query "HostedZones[?Name=='${DNS_ZONE}.' && Config.PrivateZone==\`false\`].Id | [0]" --output text)"
if [[ -z "$zone_id" || "$zone_id" == "None" ]]; then
  echo "No public hosted zone $DNS_ZONE in this account: create it, or fix dns.hostedZone." >&2
  exit 1
fi
# #endregion hosted-zone

# #region delegation
want="$(aws route53 get-hosted-zone --id "$zone_id" --query 'DelegationSet.NameServers' --output json | jq -r '.[]' | sed 's/\.$//' | sort)"
have="$(dig +short NS "$DNS_ZONE" | sed 's/\.$//' | sort)"
if [[ "$want" != "$have" ]]; then
  printf 'The parent zone does not delegate %s to this hosted zone.\nWant:\n%s\nPublic DNS answers:\n%s\n' "$DNS_ZONE" "$want" "${have:-nothing}" >&2
  exit 1
fi
# #endregion delegation

# #region caa
# ACM may issue only if no CAA record forbids Amazon.
caa="$(dig +short CAA "$DNS_ZONE")"
if [[ -n "$caa" ]] && ! grep -qE 'issue(wild)? "(amazon\.com|amazontrust\.com|awstrust\.com|amazonaws\.com)' <<<"$caa"; then
  printf 'CAA records of %s do not allow Amazon to issue the certificate:\n%s\n' "$DNS_ZONE" "$caa" >&2
  exit 1
fi
# #endregion caa
echo "dns: $DNS_ZONE is hosted here ($zone_id), delegated, and ACM may issue for $CODER_ACCESS_HOST"
