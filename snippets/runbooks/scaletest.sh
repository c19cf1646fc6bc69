#!/usr/bin/env bash
# Scale test against the acceptance criteria of scripts/lib/slo.ts: concurrent
# workspace builds, provisioning P95 for pod and EC2 workspaces, API P95 and
# P99 under load. Run against a staging deployment sized like production, with
# an Owner's CODER_URL and CODER_SESSION_TOKEN and rate limits disabled.
set -euo pipefail

# shellcheck source=generated/guide.env
source generated/guide.env
: "${CODER_URL:?}" "${CODER_SESSION_TOKEN:?}"
out="${SCALETEST_OUT:-scaletest-results}"
mkdir -p "$out"

# #region create-workspaces
# Every build at once (--concurrency 0): SCALETEST_POD_COUNT pod and SCALETEST_EC2_COUNT EC2
# workspaces, kept for the traffic test. A failed build is judged by the report, not here.
coder exp scaletest create-workspaces --template "$SMOKE_POD_TEMPLATE" --count "$SCALETEST_POD_COUNT" \
  --concurrency 0 --job-timeout 10m --no-cleanup --output "json:$out/create-pod.json" & pod=$!
coder exp scaletest create-workspaces --template "$SMOKE_EC2_TEMPLATE" --count "$SCALETEST_EC2_COUNT" \
  --concurrency 0 --job-timeout 15m --no-cleanup --output "json:$out/create-ec2.json" & ec2=$!
wait "$pod" || echo "create-workspaces (pod) reported failures" >&2
wait "$ec2" || echo "create-workspaces (EC2) reported failures" >&2
# #endregion create-workspaces

# #region load
# Load for 15 minutes: 1 KiB every 10 ms on every workspace's terminal, and 50 simulated users
# on the dashboard.
coder exp scaletest workspace-traffic --bytes-per-tick 1024 --tick-interval 10ms --job-timeout 15m \
  --output "json:$out/traffic.json" & traffic=$!
coder exp scaletest dashboard --count 50 --interval 5s --jitter 2s --job-timeout 15m \
  --output "json:$out/dashboard.json" & dashboard=$!
# Meanwhile, the API latency under that load: one timed request per run.
sleep 60
npm run -s api:latency -- --requests 3000 --concurrency 10 --output "json:$out/api.json" || true
wait "$traffic" || echo "workspace-traffic reported failures" >&2
wait "$dashboard" || echo "dashboard reported failures" >&2
# #endregion load

# #region report
npm run -s scaletest:report -- "pod=$out/create-pod.json" "ec2=$out/create-ec2.json" "api=$out/api.json"
# #endregion report

# #region cleanup
coder exp scaletest cleanup
# #endregion cleanup
