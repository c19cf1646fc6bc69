#!/usr/bin/env bash
# Install Coder on the cluster from the values files and manifests synth wrote.
# The provisioners follow in the next step (publish-templates.sh), once the
# coder stack has issued their key.
#
# Run from the repository root after the AWS stacks are applied, with AWS
# credentials for the account, and kubectl, helm, terraform and envsubst
# installed. Names and chart versions come from cdktf.out/deployment/guide.env,
# which `npm run synth` writes beside the stacks of the profile it synthesized
# (the config step). Safe to re-run.
set -euo pipefail

# shellcheck source=generated/guide.env
source cdktf.out/deployment/guide.env
# shellcheck source=snippets/lib.sh
source snippets/lib.sh

# #region kubeconfig
aws eks update-kubeconfig --name "$GUIDE_NAME" --region "$AWS_REGION"
# #endregion kubeconfig

# #region platform-objects
kubectl apply -f cdktf.out/deployment/k8s/namespaces.yaml
kubectl apply -f cdktf.out/deployment/k8s/storage-class.yaml
kubectl apply -f cdktf.out/deployment/k8s/workspace-network-policies.yaml
kubectl apply -f cdktf.out/deployment/k8s/provisioner-rbac.yaml
kubectl apply -f cdktf.out/deployment/k8s/pod-disruption-budgets.yaml
# #endregion platform-objects

# #region rds-ca
# Every database client verifies Aurora's certificate and name (sslmode=verify-full) against the
# RDS certificate authorities, fetched from AWS's trust store into each namespace that needs them.
rds_ca="$(mktemp)"
trap 'rm -f "$rds_ca"' EXIT
curl -fsS --max-time 60 --retry 3 -o "$rds_ca" "$RDS_CA_BUNDLE_URL"
grep -q 'BEGIN CERTIFICATE' "$rds_ca"
for namespace in coder "$OBSERVABILITY_NAMESPACE"; do
  kubectl -n "$namespace" create configmap "$RDS_CA_CONFIGMAP" --from-file="$RDS_CA_KEY=$rds_ca" \
    --dry-run=client -o yaml | kubectl apply -f -
done
# #endregion rds-ca

# #region cluster-addons
# Values from other commands are read into variables first: a failure inside "$(…)" used as an
# argument would not stop the script.
vpc_id="$(tf_output network vpc_id)"
helm repo add eks "$AWS_LOAD_BALANCER_CONTROLLER_CHART_REPO" --force-update
helm upgrade --install aws-load-balancer-controller "eks/$AWS_LOAD_BALANCER_CONTROLLER_CHART" \
  --version "$AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION" --namespace kube-system \
  -f cdktf.out/deployment/helm/aws-load-balancer-controller-values.yaml \
  --set vpcId="$vpc_id" --wait --timeout "$AWS_LOAD_BALANCER_CONTROLLER_CHART_TIMEOUT"
helm repo add autoscaler "$CLUSTER_AUTOSCALER_CHART_REPO" --force-update
helm upgrade --install cluster-autoscaler "autoscaler/$CLUSTER_AUTOSCALER_CHART" \
  --version "$CLUSTER_AUTOSCALER_CHART_VERSION" --namespace kube-system \
  -f cdktf.out/deployment/helm/cluster-autoscaler-values.yaml --wait --timeout "$CLUSTER_AUTOSCALER_CHART_TIMEOUT"
# #endregion cluster-addons

# #region database-users
# coderd logs in as "coder" with IAM auth; the monitoring login is password-based. Created once
# with the master user, from a throwaway psql pod on a coder-control node inside the VPC.
master_arn="$(tf_output database master_user_secret_arn)"
master="$(aws secretsmanager get-secret-value --secret-id "$master_arn" --query SecretString --output text)"
db_host="$(tf_output database endpoint)"
master_user="$(jq -er .username <<<"$master")"
master_password="$(jq -er .password <<<"$master")"
observability_password="$(secret observability-db-password)"
container="$(jq -n --arg host "$db_host" --arg user "$master_user" --arg pass "$master_password" \
  --arg obs "$observability_password" --arg ca "$RDS_CA_FILE" '{
  stdin: true, stdinOnce: true,
  env: [{name: "PGPASSWORD", value: $pass}],
  command: ["psql", "host=\($host) user=\($user) dbname=coder sslmode=verify-full sslrootcert=\($ca)",
    "-v", "observability_password=\($obs)"]
}')"
pod="$(postgres_client_pod database-users "$container")"
kubectl -n coder run database-users --rm -i --restart=Never --image="$POSTGRES_CLIENT_IMAGE" \
  --overrides="$pod" < snippets/database-users.sql
# #endregion database-users

# #region coder-secrets
db_host="$(tf_output database endpoint)"
oidc_client_secret="$(secret oidc-client-secret)"
external_auth_client_secret="$(secret external-auth-client-secret)"
apply_secret coder coder-db-url \
  --from-literal=url="postgres://coder@${db_host}:5432/coder?sslmode=verify-full&sslrootcert=${RDS_CA_FILE}"
apply_secret coder coder-oidc --from-literal=client-secret="$oidc_client_secret"
apply_secret coder coder-external-auth --from-literal=client-secret="$external_auth_client_secret"
# #endregion coder-secrets

# #region install-coderd
helm repo add coder-v2 "$CODER_CHART_REPO" --force-update
helm upgrade --install coder "coder-v2/$CODER_CHART" --version "$CODER_CHART_VERSION" \
  --namespace coder -f cdktf.out/deployment/helm/coder-values.yaml --wait --timeout "$CODER_CHART_TIMEOUT"
CODER_TARGET_GROUP_ARN="$(tf_output edge target_group_arn)"
export CODER_TARGET_GROUP_ARN
# Single quotes on purpose: envsubst replaces only this one variable in the manifest.
# shellcheck disable=SC2016
envsubst '${CODER_TARGET_GROUP_ARN}' < cdktf.out/deployment/k8s/target-group-binding.yaml | kubectl apply -f -
# #endregion install-coderd


# #region install-observability
# Its own namespace, because the node exporter and log agent need host access (privileged level).
observability_password="$(secret observability-db-password)"
apply_secret "$OBSERVABILITY_NAMESPACE" coder-observability-postgres --from-literal=PGPASSWORD="$observability_password"
helm repo add coder-observability "$CODER_OBSERVABILITY_CHART_REPO" --force-update
helm upgrade --install coder-observability "coder-observability/$CODER_OBSERVABILITY_CHART" \
  --version "$CODER_OBSERVABILITY_CHART_VERSION" --namespace "$OBSERVABILITY_NAMESPACE" \
  -f cdktf.out/deployment/helm/observability-values.yaml --set global.postgres.hostname="$db_host" \
  --wait --timeout "$CODER_OBSERVABILITY_CHART_TIMEOUT"
# The chart's own database exporter cannot schedule on tainted nodes; this one can.
CODER_DB_HOST="$db_host"
export CODER_DB_HOST
# shellcheck disable=SC2016
envsubst '${CODER_DB_HOST}' < cdktf.out/deployment/k8s/postgres-exporter.yaml | kubectl apply -f -
# #endregion install-observability
