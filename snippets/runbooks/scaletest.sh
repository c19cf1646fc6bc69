#!/usr/bin/env bash
# Scale test against the acceptance criteria of scripts/lib/slo.ts: concurrent
# workspace builds, provisioning P95 for pod and EC2 workspaces, API P95 and
# P99 under load. Run against a staging deployment sized like production, with
# an Owner's CODER_URL and CODER_SESSION_TOKEN and rate limits disabled.
set -euo pipefail

# shellcheck source=generated/guide.env
source cdktf.out/deployment/guide.env
: "${CODER_URL:?}" "${CODER_SESSION_TOKEN:?}"
out="${SCALETEST_OUT:-scaletest-results}"
mkdir -p "$out"

# #region create-workspaces
# Every build at once (--concurrency 0): SCALETEST_POD_COUNT pod and SCALETEST_EC2_COUNT EC2
# workspaces, each for a user of its own, kept for the traffic test. Each t-shirt size is a
# template whose compute_profile defaults to its name; naming it answers the prompt. A failed
# build is judged by the report, not here.
coder exp scaletest create-workspaces --template "$SMOKE_POD_TEMPLATE" --count "$SCALETEST_POD_COUNT" \
  --parameter "compute_profile=$SMOKE_POD_TEMPLATE" --concurrency 0 --timeout 30m --job-timeout 10m \
  --no-cleanup --output "json:$out/create-pod.json" & pod=$!
coder exp scaletest create-workspaces --template "$SMOKE_EC2_TEMPLATE" --count "$SCALETEST_EC2_COUNT" \
  --parameter "compute_profile=$SMOKE_EC2_TEMPLATE" --concurrency 0 --timeout 30m --job-timeout 15m \
  --no-cleanup --output "json:$out/create-ec2.json" & ec2=$!
wait "$pod" || echo "create-workspaces (pod) reported failures: the report counts them" >&2
wait "$ec2" || echo "create-workspaces (EC2) reported failures: the report counts them" >&2
# #endregion create-workspaces

# #region load
# Load for 15 minutes, on every workspace and user at once (--concurrency 0; the default, 1, runs
# them one after another): 1 KiB every 10 ms on each workspace's terminal for the whole run
# (--timeout is the traffic's duration; --job-timeout must outlast it), and the dashboard of 50
# scale-test users, one headless Chromium each on the machine running this.
load_failed=0
coder exp scaletest workspace-traffic --concurrency 0 --bytes-per-tick 1024 --tick-interval 10ms \
  --timeout 15m --job-timeout 16m --output "json:$out/traffic.json" & traffic=$!
coder exp scaletest dashboard --concurrency 0 --target-users 0:50 --interval 5s --jitter 2s \
  --timeout 15m --job-timeout 16m --output "json:$out/dashboard.json" & dashboard=$!
# Meanwhile, the API latency under that load: one timed request per run.
sleep 60
# Its own verdict is the report's to give (a miss exits 1 here): the results file is what counts.
npm run -s api:latency -- --requests 3000 --concurrency 10 --output "json:$out/api.json" || true
wait "$traffic" || { load_failed=1; echo "workspace-traffic failed: see $out/traffic.json" >&2; }
wait "$dashboard" || { load_failed=1; echo "dashboard failed: see $out/dashboard.json" >&2; }
# #endregion load

# #region report
# A missed target still cleans up below; the script's exit code is the report's.
report=0
npm run -s scaletest:report -- "pod=$out/create-pod.json" "ec2=$out/create-ec2.json" "api=$out/api.json" || report=$?
# #endregion report

# #region cleanup
coder exp scaletest cleanup
# #endregion cleanup

# The API figures count only if the load ran the whole time.
if ((load_failed)); then echo "scaletest: the load did not run in full, so the API figures above were not measured under it" >&2; exit 1; fi
exit "$report"
