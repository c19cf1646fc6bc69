import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasSampleFlag, ImportError, parseImportMeta, resolveImport } from '../../src/code-import/fence.js';

describe('fence meta', () => {
  it('reads file=, line ranges and region=', () => {
    expect(parseImportMeta('file=<rootDir>/iac/app.ts')).toEqual({ rawPath: '<rootDir>/iac/app.ts' });
    expect(parseImportMeta('file=<rootDir>/a.ts#L3-L9 title="x"')).toEqual({ rawPath: '<rootDir>/a.ts', from: 3, to: 9 });
    expect(parseImportMeta('file=<rootDir>/a.ts#L3-')).toEqual({ rawPath: '<rootDir>/a.ts', from: 3, to: undefined });
    expect(parseImportMeta('file=<rootDir>/a.ts#L3')).toEqual({ rawPath: '<rootDir>/a.ts', from: 3, to: 3 });
    expect(parseImportMeta('showLineNumbers file=./x.sh region=setup')).toEqual({ rawPath: './x.sh', region: 'setup' });
    expect(parseImportMeta('title="no import"')).toBeNull();
    expect(parseImportMeta(null)).toBeNull();
  });

  it('refuses ambiguous or malformed imports with the fix', () => {
    expect(() => parseImportMeta('region=a')).toThrow(/needs a file=/);
    expect(() => parseImportMeta('file=<rootDir>/a.ts#L1-L2 region=a')).toThrow(/either a line range/);
    expect(() => parseImportMeta('file=<rootDir>/a.ts#foo')).toThrow(/cannot parse/);
    expect(() => parseImportMeta('file=<rootDir>/a.ts region=a/b')).toThrow(/region name/);
  });

  it('knows the sample-output flag', () => {
    expect(hasSampleFlag('sample-output')).toBe(true);
    expect(hasSampleFlag('title="sample-output"')).toBe(false);
  });

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fence-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.mkdirSync(path.join(root, 'docs'));
  fs.writeFileSync(path.join(root, 'code.ts'), 'one\n// #region r\ntwo\n// #endregion\nthree\n');
  const page = path.join(root, 'docs', 'page.mdx');

  it('resolves <rootDir>/ and page-relative paths', () => {
    expect(resolveImport({ rawPath: '<rootDir>/code.ts', region: 'r' }, page, root)).toMatchObject({ relPath: 'code.ts', code: 'two' });
    expect(resolveImport({ rawPath: '../code.ts', from: 5, to: 5 }, page, root).code).toBe('three');
    // A whole file is shown without its region markers.
    expect(resolveImport({ rawPath: '../code.ts' }, page, root).code).toBe('one\ntwo\nthree');
  });

  it('fails on missing files, regions and paths outside the repository', () => {
    expect(() => resolveImport({ rawPath: '<rootDir>/nope.ts' }, page, root)).toThrow(ImportError);
    expect(() => resolveImport({ rawPath: '<rootDir>/nope.ts' }, page, root)).toThrow(/nope\.ts does not exist/);
    expect(() => resolveImport({ rawPath: '<rootDir>/code.ts', region: 'q' }, page, root)).toThrow(/code\.ts: region "q" not found.*fix region=q/);
    expect(() => resolveImport({ rawPath: '../../etc/passwd' }, page, root)).toThrow(/outside the repository/);
  });
});
