/**
 * The database stack: Aurora PostgreSQL Serverless v2 for Coder, a writer and
 * readers in other AZs, KMS-encrypted, IAM auth, TLS enforced, logs exported,
 * Performance Insights, a Secrets Manager-managed master password, and 5432
 * open to the cluster's nodes only.
 */
import { TerraformOutput } from 'cdktn';
import type { Construct } from 'constructs';
import { DbSubnetGroup } from '@cdktn/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktn/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { RdsCluster } from '@cdktn/provider-aws/lib/rds-cluster';
import { DataAwsRdsEngineVersion } from '@cdktn/provider-aws/lib/data-aws-rds-engine-version';
import { RdsClusterInstance } from '@cdktn/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktn/provider-aws/lib/rds-cluster-parameter-group';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktn/provider-aws/lib/vpc-security-group-ingress-rule';
import { DataAwsIamPolicyDocument } from '@cdktn/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktn/provider-aws/lib/data-aws-partition';
import type { Deployment } from '../deployment.js';
import { GuideStack } from './guide-stack.js';
import type { NetworkStack } from './network-stack.js';
import type { ClusterStack } from './cluster-stack.js';

import { CODER_DATABASE, databaseNames } from './names.js';
export { CODER_DATABASE, CODER_DB_USER } from './names.js';

export class DatabaseStack extends GuideStack {
  readonly cluster: RdsCluster;

  constructor(scope: Construct, deployment: Deployment, network: NetworkStack, eks: ClusterStack) {
    const { config, sizing } = deployment;
    super(scope, 'database', config);
    const partition = new DataAwsPartition(this, 'partition').partition;
    const production = config.environment === 'production';
    const majorVersion = config.database.engineVersion.split('.')[0];
    // The configured version, checked against what Aurora offers in the region at plan time: a
    // version that does not exist (or was retired) stops the plan with AWS's answer, not the apply.
    const engine = new DataAwsRdsEngineVersion(this, 'engine-version', { engine: 'aurora-postgresql', version: config.database.engineVersion });

    const key = new KmsKey(this, 'key', { description: `Encrypts the Coder database of ${config.name}`, enableKeyRotation: true, deletionWindowInDays: 30 });

    // #region database-network
    const names = databaseNames(config.name);
    const subnets = new DbSubnetGroup(this, 'subnets', { name: names.subnetGroup, subnetIds: network.vpc.subnetIds('database') });
    const sg = new SecurityGroup(this, 'sg', { name: names.securityGroup, description: 'PostgreSQL from the EKS nodes only', vpcId: network.vpc.vpc.id });
    new VpcSecurityGroupIngressRule(this, 'from-nodes', {
      securityGroupId: sg.id,
      description: 'PostgreSQL from the cluster security group (EKS nodes and pods)',
      ipProtocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      referencedSecurityGroupId: eks.cluster.vpcConfig.clusterSecurityGroupId,
    });
    // #endregion database-network

    // #region database-parameters
    const parameters = new RdsClusterParameterGroup(this, 'params', {
      name: `${config.name}-coder-aurora-pg${majorVersion}`,
      family: `aurora-postgresql${majorVersion}`,
      description: 'Coder: TLS only, connections sized for every coderd pool, slow statements logged',
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        // Sized by the capacity model: coderd replicas × pool size × 1.2, at minimum capacity.
        { name: 'max_connections', value: String(sizing.database.maxConnections), applyMethod: 'pending-reboot' },
        { name: 'log_min_duration_statement', value: '1000' },
        { name: 'log_connections', value: '1' },
        { name: 'log_disconnections', value: '1' },
      ],
    });
    // #endregion database-parameters

    // #region aurora-cluster
    this.cluster = new RdsCluster(this, 'aurora', {
      clusterIdentifier: names.clusterId,
      engine: 'aurora-postgresql',
      engineMode: 'provisioned',
      engineVersion: engine.versionActual,
      databaseName: CODER_DATABASE,
      masterUsername: 'coder_admin',
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: key.arn,
      storageEncrypted: true,
      kmsKeyId: key.arn,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [sg.id],
      dbClusterParameterGroupName: parameters.name,
      serverlessv2ScalingConfiguration: { minCapacity: sizing.database.minAcu, maxCapacity: sizing.database.maxAcu },
      // Continuous backup: point-in-time restore to within the last five minutes, for the 15-minute RPO.
      backupRetentionPeriod: config.database.backupRetentionDays,
      preferredBackupWindow: '05:00-06:00',
      preferredMaintenanceWindow: 'sun:06:30-sun:07:30',
      copyTagsToSnapshot: true,
      deletionProtection: production,
      skipFinalSnapshot: !production,
      finalSnapshotIdentifier: production ? `${config.name}-coder-final` : undefined,
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: ['postgresql'],
      autoMinorVersionUpgrade: true,
      lifecycle: { ignoreChanges: ['engine_version'] },
    });
    // #endregion aurora-cluster

    // #region aurora-instances
    const monitoringRole = new IamRole(this, 'monitoring-role', {
      name: `${config.name}-rds-monitoring`,
      assumeRolePolicy: new DataAwsIamPolicyDocument(this, 'monitoring-trust', {
        statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['monitoring.rds.amazonaws.com'] }] }],
      }).json,
    });
    new IamRolePolicyAttachment(this, 'monitoring-policy', { role: monitoringRole.name, policyArn: `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole` });

    const azs = config.availabilityZones;
    for (let i = 0; i <= config.database.readers; i++) {
      new RdsClusterInstance(this, i === 0 ? 'writer' : `reader-${i}`, {
        identifier: `${config.name}-coder-${i === 0 ? 'writer' : `reader-${i}`}`,
        clusterIdentifier: this.cluster.id,
        instanceClass: 'db.serverless',
        engine: 'aurora-postgresql',
        engineVersion: this.cluster.engineVersion,
        // The writer in the first AZ, each reader in the next, so a failover changes AZ.
        availabilityZone: azs[i % azs.length],
        promotionTier: i === 0 ? 0 : 1,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: key.arn,
        performanceInsightsRetentionPeriod: 7,
        monitoringInterval: 60,
        monitoringRoleArn: monitoringRole.arn,
        caCertIdentifier: 'rds-ca-rsa2048-g1',
      });
    }
    // #endregion aurora-instances

    new TerraformOutput(this, 'endpoint', { value: this.cluster.endpoint });
    new TerraformOutput(this, 'reader_endpoint', { value: this.cluster.readerEndpoint });
    new TerraformOutput(this, 'master_user_secret_arn', { value: this.cluster.masterUserSecret.get(0).secretArn });
  }
}
