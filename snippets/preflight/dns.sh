#!/usr/bin/env bash
# The public hosted zone must exist in this account and be delegated to it:
# the edge stack validates the certificate and publishes the access URL there.
set -euo pipefail

# shellcheck source=generated/guide.env
source cdktf.out/deployment/guide.env

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
# ACM issues the certificate (the access host and its wildcard) only where CAA lets Amazon. The
# records that apply are the first found walking up from the access host (RFC 8659); none at all
# restricts nothing. For the wildcard, issuewild records take precedence over issue records.
name="$CODER_ACCESS_HOST"
caa=""
while [[ "$name" == *.* ]]; do
  # Records only: for an alias, dig prints the CNAME target first.
  caa="$(dig +short CAA "$name" | grep -E '^[0-9]+ ' || true)"
  [[ -n "$caa" ]] && break
  name="${name#*.}"
done
# An issuer domain may carry parameters ("amazon.com; cansignhttpexchanges=yes"); case does not matter.
amazon='"[[:space:]]*(amazon\.com|amazontrust\.com|awstrust\.com|amazonaws\.com)[[:space:]]*(;[^"]*)?"'
if grep -qiE '^[0-9]+ issue ' <<<"$caa" && ! grep -qiE "^[0-9]+ issue $amazon" <<<"$caa"; then
  printf 'CAA records at %s do not let Amazon issue a certificate for %s:\n%s\n' "$name" "$CODER_ACCESS_HOST" "$caa" >&2
  exit 1
fi
if grep -qiE '^[0-9]+ issuewild ' <<<"$caa" && ! grep -qiE "^[0-9]+ issuewild $amazon" <<<"$caa"; then
  printf 'CAA issuewild records at %s do not let Amazon issue the wildcard *.%s:\n%s\n' "$name" "$CODER_ACCESS_HOST" "$caa" >&2
  exit 1
fi
# #endregion caa
echo "dns: $DNS_ZONE is hosted here ($zone_id), delegated, and ACM may issue for $CODER_ACCESS_HOST and *.$CODER_ACCESS_HOST"
