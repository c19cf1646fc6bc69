#!/usr/bin/env bash
# Compare the AWS quotas the configured capacity needs with the account's.
# On a shortfall it prints the request-service-quota-increase commands.
set -euo pipefail

npm run -s preflight:quotas -- --profile "${GUIDE_PROFILE:-production}"
