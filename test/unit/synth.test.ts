import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Testing } from 'cdktn';
import { loadProfile, profiles } from '../../iac/config/index.js';
import { StateStack } from '../../iac/stacks/state-stack.js';
import { stateKeyAlias } from '../../iac/stacks/guide-stack.js';
import { synthesize } from '../../scripts/lib/synth.js';
import { terraformVersions } from '../../iac/versions.js';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktn/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktn/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketPublicAccessBlock } from '@cdktn/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktn/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketLifecycleConfiguration } from '@cdktn/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { DataAwsIamPolicyDocument } from '@cdktn/provider-aws/lib/data-aws-iam-policy-document';
import { testingApp } from '../helpers/temp.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const abs = path.join(entry.parentPath, entry.name);
      out[path.relative(dir, abs)] = fs.readFileSync(abs, 'utf8');
    }
  }
  return out;
}

describe('synthesis', () => {
  it.each(Object.keys(profiles))('writes cdk.tf.json per stack for %s, deterministic and machine-independent', (profile) => {
    const a = synthesize({ profile, outdir: path.join(tmp, `${profile}-a`, 'cdktf.out') });
    const b = synthesize({ profile, outdir: path.join(tmp, `${profile}-b`, 'cdktf.out') });
    expect(a.stacks).toContain('state');
    const treeA = readTree(a.outdir);
    expect(Object.keys(treeA)).toContain(path.join('stacks', 'state', 'cdk.tf.json'));
    expect(treeA).toEqual(readTree(b.outdir));
    for (const [file, text] of Object.entries(treeA)) {
      expect(text, file).not.toContain(tmp);
      expect(text, file).not.toContain(os.homedir());
      expect(text, file).not.toMatch(/"\/(?:work|tmp|home|root)\//);
    }
  });

  it('declares an S3 backend with native locking and the minimum Terraform version in every stack', () => {
    const { outdir, stacks } = synthesize({ profile: 'production', outdir: path.join(tmp, 'backend', 'cdktf.out') });
    const config = loadProfile('production');
    for (const stack of stacks) {
      const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect(Object.keys(tf.terraform.backend)).toEqual(['s3']);
      expect(tf.terraform.backend.s3).toEqual({
        bucket: config.stateBackend.bucket,
        key: `${config.stateBackend.keyPrefix}/${stack}.tfstate`,
        region: config.region,
        encrypt: true,
        kms_key_id: stateKeyAlias(config.stateBackend.bucket),
        use_lockfile: true,
      });
      expect(tf.terraform.required_version).toBe(terraformVersions.terraform.replace('>=', '>= '));
      expect(tf.terraform.backend.local).toBeUndefined();
    }
  });

  it('writes nothing and keeps the previous output when the profile is invalid', () => {
    const out = path.join(tmp, 'keep', 'cdktf.out');
    synthesize({ profile: 'production', outdir: out });
    const before = readTree(out);
    expect(() => synthesize({ profile: 'no-such-profile', outdir: out })).toThrow(/"no-such-profile" is not a profile/);
    expect(readTree(out)).toEqual(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['cdktf.out']);
  });
});

describe('state stack', () => {
  const config = loadProfile('production');
  const synthStack = (env = config) => Testing.synth(new StateStack(testingApp(), env));
  const synthesized = synthStack();

  it('encrypts with a rotating customer-managed key and bucket keys', () => {
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
    expect(synthesized).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: expect.stringMatching(/aws_kms_key\..*\.arn/) }, bucket_key_enabled: true }],
    });
  });

  it('versions, blocks public access, enforces ownership and denies plain HTTP', () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: 'Enabled' } });
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: 'BucketOwnerEnforced' } });
    expect(synthesized).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: [expect.objectContaining({ effect: 'Deny', condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] })],
    });
  });

  it('protects production state from destroy and keeps a year of versions; evaluation keeps 30 days', () => {
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, { lifecycle: { prevent_destroy: true }, force_destroy: false });
    expect(synthesized).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [expect.objectContaining({ noncurrent_version_expiration: [{ noncurrent_days: 365 }] })],
    });
    const evaluation = synthStack(loadProfile('evaluation'));
    expect(evaluation).toHaveResourceWithProperties(S3Bucket, { lifecycle: { prevent_destroy: false } });
    expect(evaluation).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [expect.objectContaining({ noncurrent_version_expiration: [{ noncurrent_days: 30 }] })],
    });
  });

  it('tags everything through the provider default tags', () => {
    expect(synthesized).toHaveProviderWithProperties(AwsProvider, {
      region: 'us-east-1',
      default_tags: [{ tags: expect.objectContaining({ ...config.tags, 'coder.com/stack': 'state', ManagedBy: 'cdktn' }) }],
    });
  });
});
