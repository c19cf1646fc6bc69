/**
 * The deployment configuration: the one place a value is declared.
 *
 * Stacks, Helm values, docs tables and diagrams all derive from a validated
 * `DeploymentConfig`. Every field carries a description; the guide's
 * configuration reference is generated from these descriptions.
 */
import { z } from 'zod';

// A DNS label: lower-case letters, digits and hyphens, not starting or ending with a hyphen.
const dnsLabel = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

// S3 bucket naming rules (general purpose buckets): 3–63 chars, lower case, digits, dots, hyphens.
const s3BucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

// AWS commercial, GovCloud and China region names, e.g. us-east-1, us-gov-west-1, cn-north-1.
const awsRegion = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export const stateBackendSchema = z
  .object({
    bucket: z
      .string()
      .regex(s3BucketName, {
        message:
          'must be a valid S3 bucket name (3–63 characters: lower-case letters, digits, dots, hyphens); for example acme-coder-tfstate-111122223333',
      })
      .refine((name) => !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name), {
        message: 'must not contain ".." or look like an IP address',
      })
      .describe('S3 bucket that holds the Terraform state of every stack. Globally unique: include the account ID.'),
    keyPrefix: z
      .string()
      .regex(/^[a-z0-9][a-z0-9/_-]*[a-z0-9]$/, {
        message: 'must be a path of lower-case letters, digits, "/", "_" and "-", for example coder/prod',
      })
      .describe('Prefix of each stack\'s state object key: <keyPrefix>/<stack>.tfstate.'),
  })
  .strict()
  .describe('Where Terraform keeps state. Locking uses S3-native lock files (use_lockfile), no DynamoDB table.');

export const deploymentConfigSchema = z
  .object({
    name: z
      .string()
      .max(24, { message: 'must be at most 24 characters so that derived resource names stay within AWS limits' })
      .regex(dnsLabel, { message: 'must be a DNS label: lower-case letters, digits and hyphens, for example coder-prod' })
      .describe('Deployment name; prefixes every resource name.'),
    environment: z
      .enum(['production', 'staging', 'evaluation'])
      .describe('Environment class; drives protective defaults such as deletion protection.'),
    region: z
      .string()
      .regex(awsRegion, { message: 'must be an AWS region name, for example us-east-1' })
      .describe('AWS region of every stack.'),
    stateBackend: stateBackendSchema,
    tags: z
      .record(
        z.string().regex(/^[\w.:/=+\-@ ]{1,128}$/, { message: 'tag keys are 1–128 characters of letters, digits, spaces and _.:/=+-@' }),
        z.string().max(256, { message: 'tag values are at most 256 characters' }),
      )
      .refine((tags) => Object.keys(tags).every((key) => !key.toLowerCase().startsWith('aws:')), {
        message: 'tag keys must not start with "aws:" (reserved by AWS)',
      })
      .default({})
      .describe('Tags applied to every taggable resource through the provider\'s default_tags.'),
  })
  .strict();

export type DeploymentConfig = z.infer<typeof deploymentConfigSchema>;
export type DeploymentConfigInput = z.input<typeof deploymentConfigSchema>;
