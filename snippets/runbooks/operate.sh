#!/usr/bin/env bash
# Operational runbooks: each region is one procedure the Operate pages show.
# Run a procedure by copying its region; the script as a whole is not meant to run top to bottom.
# Run from the repository root with AWS credentials and kubectl pointed at the cluster.
set -euo pipefail

# shellcheck source=generated/guide.env
source cdktf.out/deployment/guide.env
# shellcheck source=snippets/lib.sh
source snippets/lib.sh
cluster_id="$DB_CLUSTER_ID"

# #region snapshot-before-change
# A manual snapshot before any upgrade: it outlives the automated backups' retention.
snapshot_id="$cluster_id-$(date -u +%Y%m%d-%H%M)"
aws rds create-db-cluster-snapshot --db-cluster-identifier "$cluster_id" --db-cluster-snapshot-identifier "$snapshot_id"
# #endregion snapshot-before-change

# #region upgrade-coder
# 1. Change the chart versions in iac/helm/charts.ts; review what changes in the published
#    (production) values, then synthesize the deployment you run, which rewrites its values.
npm run generate && git diff --stat generated/
npm run synth -- --profile "${GUIDE_PROFILE:-production}"
# shellcheck source=generated/guide.env
source cdktf.out/deployment/guide.env
# 2. coderd first (it migrates the database), then the provisioners at the same version.
helm upgrade coder "coder-v2/$CODER_CHART" --version "$CODER_CHART_VERSION" \
  --namespace coder -f cdktf.out/deployment/helm/coder-values.yaml --wait --timeout 20m
helm upgrade coder-provisioner "coder-v2/$CODER_PROVISIONER_CHART" --version "$CODER_PROVISIONER_CHART_VERSION" \
  --namespace coder-prov -f cdktf.out/deployment/helm/coder-provisioner-values.yaml --wait --timeout 20m
access_url="$(tf_output edge access_url)"
curl -fsS "$access_url/healthz"
# #endregion upgrade-coder

# #region upgrade-eks
# 1. Raise cluster.version in the profile by one minor version, then synthesize.
npm run synth
# 2. The control plane is updated first, then each node group rolls to the new version
#    (10% of its nodes at a time), then the add-ons. Review the plan: only versions should change.
tf cluster plan -out=upgrade.plan
tf cluster apply upgrade.plan
kubectl get nodes -L coder.com/node-group -o wide
# #endregion upgrade-eks

# #region restore-database
# Restore to a point in time (within the retention) as a new cluster, then point coderd at it.
restore_time="${RESTORE_TIME:?set RESTORE_TIME, e.g. 2026-11-26T14:05:00Z}"
security_group="$(aws rds describe-db-clusters --db-cluster-identifier "$cluster_id" --query 'DBClusters[0].VpcSecurityGroups[0].VpcSecurityGroupId' --output text)"
scaling="$(aws rds describe-db-clusters --db-cluster-identifier "$cluster_id" --query 'DBClusters[0].ServerlessV2ScalingConfiguration' --output json)"
aws rds restore-db-cluster-to-point-in-time --source-db-cluster-identifier "$cluster_id" \
  --db-cluster-identifier "$cluster_id-restored" --restore-to-time "$restore_time" \
  --db-subnet-group-name "$DB_SUBNET_GROUP" --vpc-security-group-ids "$security_group" \
  --serverless-v2-scaling-configuration "$scaling" --enable-iam-database-authentication
aws rds create-db-instance --db-instance-identifier "$cluster_id-restored-writer" \
  --db-cluster-identifier "$cluster_id-restored" --db-instance-class db.serverless --engine aurora-postgresql
aws rds wait db-instance-available --db-instance-identifier "$cluster_id-restored-writer"
endpoint="$(aws rds describe-db-clusters --db-cluster-identifier "$cluster_id-restored" --query 'DBClusters[0].Endpoint' --output text)"
kubectl -n coder create secret generic coder-db-url --dry-run=client -o yaml \
  --from-literal=url="postgres://coder@${endpoint}:5432/coder?sslmode=verify-full&sslrootcert=${RDS_CA_FILE}" | kubectl apply -f -
kubectl -n coder rollout restart deployment/coder && kubectl -n coder rollout status deployment/coder
# #endregion restore-database

# #region rotate-provisioner-key
# Issue a new key (the old one stops working); its Kubernetes secret is replaced with it (write-only
# data: the key is in no output and no file). Then restart the provisioners.
TF_VAR_coder_license="$(secret license)"
export TF_VAR_coder_license
tf coder apply -replace=coderd_provisioner_key.provisioner-key
kubectl -n coder-prov rollout restart deployment/coder-provisioner
# #endregion rotate-provisioner-key

# #region certificate-status
# ACM renews the certificate itself while its DNS validation records exist. Check where it stands:
access_host="$(tf_output edge access_url)"
access_host="${access_host#https://}"
certificate_arn="$(aws acm list-certificates --query "CertificateSummaryList[?DomainName=='$access_host'].CertificateArn | [0]" --output text)"
aws acm describe-certificate --certificate-arn "$certificate_arn" \
  --query 'Certificate.{Status:Status,NotAfter:NotAfter,Renewal:RenewalSummary.RenewalStatus}'
# #endregion certificate-status

# #region change-peak-window
# 1. Edit peakWindow in the profile. 2. Synthesize it: node group schedules and provisioner CronJobs move together.
npm run synth -- --profile "${GUIDE_PROFILE:-production}"
tf cluster apply
kubectl apply -f cdktf.out/deployment/k8s/provisioner-scaler.yaml
# #endregion change-peak-window
