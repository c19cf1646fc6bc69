/**
 * PodIdentityRole: an IAM role that one Kubernetes service account assumes
 * through EKS Pod Identity, with its policy and the association that binds
 * them. Pod Identity needs no OIDC provider and no service-account annotation.
 */
import { Construct } from 'constructs';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktn/provider-aws/lib/iam-role-policy-attachment';
import { EksPodIdentityAssociation } from '@cdktn/provider-aws/lib/eks-pod-identity-association';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktn/provider-aws/lib/data-aws-iam-policy-document';

export interface PodIdentityRoleProps {
  roleName: string;
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  /** Inline least-privilege statements. */
  statements?: DataAwsIamPolicyDocumentStatement[];
  /** AWS-managed policies, only where AWS maintains the exact permission set (CNI, EBS CSI). */
  managedPolicyArns?: string[];
  /** Create the association here; false when an EKS add-on associates the role itself. */
  associate?: boolean;
}

export class PodIdentityRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `Pod Identity role of ${props.namespace}/${props.serviceAccount} in ${props.clusterName}`,
      assumeRolePolicy: new DataAwsIamPolicyDocument(this, 'trust', {
        statement: [
          {
            actions: ['sts:AssumeRole', 'sts:TagSession'],
            principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
            condition: [
              { test: 'StringEquals', variable: 'aws:RequestTag/eks-cluster-name', values: [props.clusterName] },
              { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-namespace', values: [props.namespace] },
              { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-service-account', values: [props.serviceAccount] },
            ],
          },
        ],
      }).json,
    });
    if (props.statements?.length) {
      new IamRolePolicy(this, 'policy', {
        role: this.role.id,
        name: 'least-privilege',
        policy: new DataAwsIamPolicyDocument(this, 'policy-doc', { statement: props.statements }).json,
      });
    }
    (props.managedPolicyArns ?? []).forEach((arn, i) => new IamRolePolicyAttachment(this, `managed-${i}`, { role: this.role.name, policyArn: arn }));
    if (props.associate !== false) {
      new EksPodIdentityAssociation(this, 'association', {
        clusterName: props.clusterName,
        namespace: props.namespace,
        serviceAccount: props.serviceAccount,
        roleArn: this.role.arn,
      });
    }
  }
}
