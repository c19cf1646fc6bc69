/**
 * ManagedNodeGroup: an EKS managed node group on its own launch template
 * (IMDSv2 only, encrypted gp3 root volume), with a label and a NoSchedule
 * taint so that only workloads that ask for it land there, and optional
 * scheduled scaling.
 */
import { Construct } from 'constructs';
import { Fn, type ITerraformDependable } from 'cdktn';
import { LaunchTemplate } from '@cdktn/provider-aws/lib/launch-template';
import { EksNodeGroup } from '@cdktn/provider-aws/lib/eks-node-group';
import { AutoscalingSchedule } from '@cdktn/provider-aws/lib/autoscaling-schedule';

export interface ScheduledAction {
  name: string;
  /** Cron expression in `timeZone`. */
  recurrence: string;
  timeZone: string;
  minSize?: number;
  maxSize?: number;
  desiredCapacity?: number;
}

export interface ManagedNodeGroupProps {
  clusterName: string;
  name: string;
  nodeRoleArn: string;
  subnetIds: string[];
  instanceType: string;
  diskGiB: number;
  /** kubernetes label and taint key; the value is the group name. */
  labelKey: string;
  scaling: { min: number; max: number; desired: number };
  /** IMDS hop limit: 1 keeps pods away from the node's credentials. */
  imdsHopLimit: 1 | 2;
  schedules?: ScheduledAction[];
  kubernetesVersion: string;
  /** What must exist before the group: its role's policy attachments, the networking add-ons. */
  dependsOn?: ITerraformDependable[];
}

export class ManagedNodeGroup extends Construct {
  readonly nodeGroup: EksNodeGroup;
  readonly launchTemplate: LaunchTemplate;
  /** Name of the Auto Scaling group EKS created for the node group. */
  readonly asgName: string;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);

    // #region launch-template
    this.launchTemplate = new LaunchTemplate(this, 'lt', {
      name: `${props.clusterName}-${props.name}`,
      description: `Nodes of ${props.name} in ${props.clusterName}`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: props.imdsHopLimit,
        instanceMetadataTags: 'disabled',
      },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: { volumeSize: props.diskGiB, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
        },
      ],
      monitoring: { enabled: true },
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({
        resourceType,
        tags: { Name: `${props.clusterName}-${props.name}`, [props.labelKey]: props.name },
      })),
    });
    // #endregion launch-template

    // #region node-group
    this.nodeGroup = new EksNodeGroup(this, 'group', {
      clusterName: props.clusterName,
      nodeGroupName: props.name,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: props.subnetIds,
      version: props.kubernetesVersion,
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: 'ON_DEMAND',
      instanceTypes: [props.instanceType],
      launchTemplate: { id: this.launchTemplate.id, version: Fn.tostring(this.launchTemplate.latestVersion) },
      scalingConfig: { minSize: props.scaling.min, maxSize: props.scaling.max, desiredSize: props.scaling.desired },
      updateConfig: { maxUnavailablePercentage: 10 },
      labels: { [props.labelKey]: props.name },
      taint: [{ key: props.labelKey, value: props.name, effect: 'NO_SCHEDULE' }],
      // Schedules and the cluster autoscaler own the desired size after creation.
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
      dependsOn: props.dependsOn,
    });
    // #endregion node-group

    const asgName = Fn.lookup(Fn.element(Fn.lookup(Fn.element(this.nodeGroup.resources, 0), 'autoscaling_groups', []), 0), 'name', '');
    this.asgName = asgName;
    for (const schedule of props.schedules ?? []) {
      new AutoscalingSchedule(this, `schedule-${schedule.name}`, {
        autoscalingGroupName: asgName,
        scheduledActionName: `${props.name}-${schedule.name}`,
        recurrence: schedule.recurrence,
        timeZone: schedule.timeZone,
        minSize: schedule.minSize ?? -1,
        maxSize: schedule.maxSize ?? -1,
        desiredCapacity: schedule.desiredCapacity ?? -1,
      });
    }
  }
}
