/**
 * Facts about AWS the config is checked against, dated, so a typo fails at
 * `npm run synth` rather than half way through an apply. The plan checks the
 * Aurora version again against the region (aws_rds_engine_version).
 *
 * To extend: add the region or version here when AWS announces it (the
 * regions page of the AWS documentation, or `aws ec2 describe-regions
 * --all-regions`; `aws rds describe-db-engine-versions --engine
 * aurora-postgresql`), and update the date.
 */

/** As of 2026-12-01. */
export const AWS_FACTS_DATE = '2026-12-01';

/** Commercial and GovCloud regions. */
export const AWS_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'af-south-1',
  'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1',
  'il-central-1', 'me-south-1', 'me-central-1', 'mx-central-1', 'sa-east-1',
  'us-gov-west-1', 'us-gov-east-1',
] as const;

/** Aurora PostgreSQL major versions AWS offers (standard support or extended). */
export const AURORA_POSTGRESQL_MAJORS = [13, 14, 15, 16, 17] as const;

/** The largest gp3 EBS volume, GiB. */
export const GP3_MAX_GIB = 16_384;

/** AWS tag values: letters, digits and spaces in any script, and _ . : / = + - @, up to 256 characters. */
export const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
