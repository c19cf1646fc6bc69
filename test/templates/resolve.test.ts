/**
 * npm run compose -- resolve over HTTP: the real AWS SDK ECR and SSM clients
 * against a local endpoint speaking their JSON protocol (awsJson1_1).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ECRClient } from '@aws-sdk/client-ecr';
import { SSMClient } from '@aws-sdk/client-ssm';
import { repoRoot } from '../helpers/repo.js';
import { copyTemplates, pinned, PROJECT_HISTORY } from '../helpers/templates.js';
import { skipLoudly } from '../helpers/tools.js';
import { resolveLock } from '../../templates/compose/resolve.js';
import { loadLock } from '../../templates/compose/artifacts.js';

const REGISTRY = '210987654321.dkr.ecr.us-east-1.amazonaws.com/platform';
// The releases templates/compositions.yaml pins: the pod runs swdev's image; the EC2 bases boot AMIs.
const SWDEV = pinned('pod-swdev').toolchain.split('@')[1]!;
const SWDEV_GUI = pinned('pod-swdev-gui').toolchain.split('@')[1]!;
const DATASCI = pinned('ec2-datasci').toolchain.split('@')[1]!;
const [LINUX, WINDOWS, GPU] = [pinned('ec2-swdev').base, pinned('ec2-windev-gui').base, pinned('ec2-datasci-gpu').base];
const images = new Map<string, string>([
  [`platform/swdev-toolchain:${SWDEV}`, `sha256:${'a'.repeat(64)}`],
  [`platform/swdev-toolchain:${SWDEV_GUI}`, `sha256:${'c'.repeat(64)}`],
  [`platform/datasci-toolchain:${DATASCI}`, `sha256:${'b'.repeat(64)}`],
]);
const parameters = new Map<string, string>([
  ['/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64', 'ami-0123456789abcdef0'],
  // Canonical's parameters: the desktop composition runs Ubuntu 24.04; the others offer both releases.
  ['/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id', 'ami-0abcabcabcabcabc2'],
  ['/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id', 'ami-0abcabcabcabcabc1'],
  ['/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-22.04/latest/ami-id', 'ami-00aa11bb22cc33dd5'],
  ['/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base', 'ami-0fedcba9876543210'],
  ['/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-amazon-linux-2023/latest/ami-id', 'ami-00aa11bb22cc33dd4'],
]);
const seen: string[] = [];

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const input = JSON.parse(body) as Record<string, unknown>;
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    seen.push(target);
    if (target === 'AmazonEC2ContainerRegistry_V20150921.DescribeImages') {
      const tag = (input.imageIds as Array<{ imageTag: string }>)[0]!.imageTag;
      const digest = images.get(`${input.repositoryName}:${tag}`);
      if (input.registryId !== '210987654321') return send(400, { __type: 'InvalidParameterException', message: 'wrong registry' });
      return digest ? send(200, { imageDetails: [{ registryId: input.registryId, repositoryName: input.repositoryName, imageDigest: digest, imageTags: [tag] }] }) : send(400, { __type: 'ImageNotFoundException', message: `The image with imageId {imageTag:'${tag}'} does not exist within the repository` });
    }
    if (target === 'AmazonSSM.GetParameter') {
      const value = parameters.get(String(input.Name));
      return value ? send(200, { Parameter: { Name: input.Name, Type: 'String', Value: value, Version: 1 } }) : send(400, { __type: 'ParameterNotFound', message: `${input.Name} not found` });
    }
    send(400, { __type: 'UnknownOperationException', message: target });
  });
});

let endpoint = '';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The CLI in a child process; asynchronous, so this process's endpoint keeps answering. */
function cli(root: string, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_MAX_ATTEMPTS: '1' };
  return new Promise((resolve) => {
    execFile(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [path.join(repoRoot, 'scripts', 'compose.ts'), ...args, '--root', root], { cwd: repoRoot, env }, (error, stdout, stderr) => {
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

if (PROJECT_HISTORY) skipLoudly('resolving the artifacts of the project\'s releases', PROJECT_HISTORY);
describe.skipIf(PROJECT_HISTORY !== undefined)('resolving artifacts', { timeout: 90_000 }, () => {
  it('asks ECR for each Kubernetes toolchain image and SSM for each EC2 base AMI', async () => {
    const root = copyTemplates();
    const clients = { ecr: new ECRClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1 }), ssm: new SSMClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1 }) };
    const lock = await resolveLock(root, { registry: REGISTRY, region: 'us-east-1', today: '2026-11-26', ...clients });
    // Only the pod compositions need an image; the EC2 ones boot the bases' AMIs, one per distribution
    // a composition runs (ec2-swdev on Amazon Linux, ec2-swdev-gui on Ubuntu 24.04 for its desktop).
    expect(lock).toEqual({
      source: 'resolved',
      region: 'us-east-1',
      registry: REGISTRY,
      resolved_at: '2026-11-26',
      images: { [`swdev-toolchain@${SWDEV}`]: `sha256:${'a'.repeat(64)}`, [`swdev-toolchain@${SWDEV_GUI}`]: `sha256:${'c'.repeat(64)}` },
      // ec2-swdev and ec2-datasci let the owner pick among the three; ec2-swdev-gui runs Ubuntu 24.04.
      amis: {
        [`${LINUX}/amazon-linux-2023`]: 'ami-0123456789abcdef0',
        [`${LINUX}/ubuntu-22.04`]: 'ami-0abcabcabcabcabc1',
        [`${LINUX}/ubuntu-24.04`]: 'ami-0abcabcabcabcabc2',
        [`${WINDOWS}/windows-server-2022`]: 'ami-0fedcba9876543210',
        [`${GPU}/amazon-linux-2023`]: 'ami-00aa11bb22cc33dd4',
        [`${GPU}/ubuntu-22.04`]: 'ami-00aa11bb22cc33dd5',
      },
    });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('through the CLI: writes the lock, and composing then pins the resolved artifacts', async () => {
    const root = copyTemplates();
    const resolved = await cli(root, 'resolve', '--registry', REGISTRY, '--endpoint', endpoint);
    expect(resolved.stderr).not.toMatch(/refused|failed/);
    expect(resolved.status).toBe(0);
    expect(loadLock(root).source).toBe('resolved');
    fs.mkdirSync(path.join(root, 'templates', 'composed'));
    expect((await cli(root, 'all')).status).toBe(0);
    const provenance = JSON.parse(fs.readFileSync(path.join(root, 'templates', 'composed', 'pod-swdev', 'provenance.json'), 'utf8'));
    expect(provenance.artifact).toMatchObject({ source: 'resolved', image_id: `${REGISTRY}/swdev-toolchain:${SWDEV}@sha256:${'a'.repeat(64)}` });
    expect(fs.readFileSync(path.join(root, 'templates', 'composed', 'pod-swdev', 'main.tf'), 'utf8')).not.toContain('ARTIFACTS ARE EXAMPLES');
    // Each EC2 composition boots the AMI of its own distribution.
    const ami = (c: string) => (JSON.parse(fs.readFileSync(path.join(root, 'templates', 'composed', c, 'provenance.json'), 'utf8')) as { artifact: { image_id: string; os_distribution: string } }).artifact;
    expect(ami('ec2-swdev')).toMatchObject({ image_id: 'ami-0123456789abcdef0', os_distribution: 'amazon-linux-2023', choices: { 'amazon-linux-2023': 'ami-0123456789abcdef0', 'ubuntu-22.04': 'ami-0abcabcabcabcabc1', 'ubuntu-24.04': 'ami-0abcabcabcabcabc2' } });
    expect(ami('ec2-swdev-gui')).toMatchObject({ image_id: 'ami-0abcabcabcabcabc2', os_distribution: 'ubuntu-24.04' });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('names the image to push when ECR does not have it, and leaves the lock as it was', async () => {
    const root = copyTemplates();
    const before = fs.readFileSync(path.join(root, 'templates', 'artifacts.lock.yaml'), 'utf8');
    images.delete(`platform/swdev-toolchain:${SWDEV}`);
    const result = await cli(root, 'resolve', '--registry', REGISTRY, '--endpoint', endpoint);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`swdev-toolchain@${SWDEV}: ECR platform/swdev-toolchain:${SWDEV}`);
    expect(result.stderr).toContain(`push it as ${REGISTRY}/swdev-toolchain:${SWDEV}`);
    expect(fs.readFileSync(path.join(root, 'templates', 'artifacts.lock.yaml'), 'utf8')).toBe(before);
    expect((parse(before) as { source: string }).source).toBe('example');
    fs.rmSync(root, { recursive: true, force: true });
  });
});
