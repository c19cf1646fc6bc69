import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkArtifacts, checkDrift, checkPages, formatProblem, regenerateArtifacts } from '../../scripts/lib/drift.js';
import { copyRepo, edit, removeCopy, repoRoot } from '../helpers/repo.js';

const expected = regenerateArtifacts();

describe('drift gate on this repository', () => {
  it('finds no drift: every block is imported, every import resolves, artifacts are current', () => {
    expect(checkDrift({ rootDir: repoRoot, regenerate: () => expected }).map((p) => formatProblem(p))).toEqual([]);
  });
});

describe('drift gate bites (on a temporary copy)', () => {
  let copy: string;
  beforeAll(() => {
    copy = copyRepo({ history: true });
  });
  afterAll(() => removeCopy(copy));

  it('fails when a region a page imports is renamed, naming the page, line and region', () => {
    edit(path.join(copy, 'iac/stacks/state-stack.ts'), (t) => t.replace('#region state-stack', '#region state-stack-renamed').replace('#endregion state-stack', '#endregion state-stack-renamed'));
    const problems = checkPages(copy);
    expect(problems).toHaveLength(1);
    const line = fs.readFileSync(path.join(copy, 'docs/deploy/state-backend.mdx'), 'utf8').split('\n').findIndex((l) => l.includes('region=state-stack')) + 1;
    expect(formatProblem(problems[0]!)).toBe(
      `docs/deploy/state-backend.mdx:${line}: broken-import: iac/stacks/state-stack.ts: region "state-stack" not found (regions in this file: state-stack-renamed); fix region=state-stack or mark the region in iac/stacks/state-stack.ts with "#region state-stack" … "#endregion"`,
    );
    edit(path.join(copy, 'iac/stacks/state-stack.ts'), (t) => t.replaceAll('state-stack-renamed', 'state-stack'));
    expect(checkPages(copy)).toEqual([]);
  });

  it('fails when an imported file is gone', () => {
    const file = path.join(copy, 'snippets/bootstrap-state.sh');
    const saved = fs.readFileSync(file);
    fs.rmSync(file);
    const problems = checkPages(copy);
    expect(problems.length).toBeGreaterThanOrEqual(3);
    expect(problems.every((p) => p.kind === 'broken-import' && /snippets\/bootstrap-state\.sh does not exist/.test(p.message))).toBe(true);
    fs.writeFileSync(file, saved);
  });

  it('fails on pasted IaC, script or unlabelled blocks, and accepts flagged sample output', () => {
    const page = path.join(copy, 'docs/index.mdx');
    const original = fs.readFileSync(page, 'utf8');
    const pasted = [
      '```hcl', 'resource "aws_s3_bucket" "x" {}', '```', '',
      '```yaml', 'a: 1', '```', '',
      '```', 'something', '```', '',
      '```console sample-output', '$ terraform version', 'Terraform v1.11.0', '```', '',
      '```text', 'prose-like text is not guarded', '```', '',
    ].join('\n');
    fs.writeFileSync(page, `${original}\n${pasted}`);
    const problems = checkPages(copy);
    fs.writeFileSync(page, original);
    expect(problems.map((p) => [p.kind, p.file, p.message.split(':')[0]])).toEqual([
      ['pasted-code', 'docs/index.mdx', 'pasted hcl block'],
      ['pasted-code', 'docs/index.mdx', 'pasted yaml block'],
      ['pasted-code', 'docs/index.mdx', 'code block without a language'],
    ]);
    const base = original.split('\n').length; // the first pasted fence follows one blank line
    expect(problems.map((p) => p.line)).toEqual([base + 1, base + 5, base + 9]);
  });

  it('fails when a committed artifact is stale or orphaned, and passes once regenerated', () => {
    const artifact = path.join(copy, 'generated/stacks/index.json');
    const original = fs.readFileSync(artifact, 'utf8');
    fs.writeFileSync(artifact, original.replace('"resourceCount": 9', '"resourceCount": 8'));
    fs.writeFileSync(path.join(copy, 'generated/stacks/old.json'), '{}\n');
    const problems = checkArtifacts(copy, expected).map((p) => formatProblem(p));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^generated\/stacks\/index\.json:\d+: stale-artifact: differs from what the pipeline generates \(first difference on line \d+\): run `npm run generate`/);
    expect(problems[1]).toMatch(/^generated\/stacks\/old\.json:1: stale-artifact: the pipeline no longer generates this file/);
    fs.writeFileSync(artifact, original);
    fs.rmSync(path.join(copy, 'generated/stacks/old.json'));
    expect(checkArtifacts(copy, expected)).toEqual([]);
  });

  it('as a command: exit 1 with one line per problem, GitHub annotations on request, exit 0 when clean', () => {
    const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
    const script = path.join(repoRoot, 'scripts/check-drift.ts');
    const clean = spawnSync(tsx, [script, '--root', copy], { encoding: 'utf8' });
    expect(clean.stdout).toContain('agree');
    expect(clean.status).toBe(0);

    edit(path.join(copy, 'docs/index.mdx'), (t) => `${t}\n\`\`\`bash\necho pasted\n\`\`\`\n`);
    const dirty = spawnSync(tsx, [script, '--root', copy, '--format', 'github'], { encoding: 'utf8' });
    expect(dirty.status).toBe(1);
    expect(dirty.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^::error file=docs\/index\.mdx,line=\d+,title=pasted-code::pasted bash block/)]);
    expect(dirty.stderr).toMatch(/1 problem/);
    // Two full drift runs (synth, generate, compose all five templates): about 10 s idle, several
    // times that while the browser suites share the two cores.
  }, 180_000);
});

describe('generate', () => {
  it('writes exactly the artifacts the drift gate expects', () => {
    const copy = copyRepo();
    try {
      fs.rmSync(path.join(copy, 'generated'), { recursive: true });
      // Run the real generate script against the copy's sources, with the repo's node_modules.
      fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
      execFileSync(path.join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/generate.ts'], { cwd: copy, stdio: 'pipe' });
      expect(checkArtifacts(copy, expected)).toEqual([]);
    } finally {
      removeCopy(copy);
    }
  });
});
