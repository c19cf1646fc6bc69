import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractLines, extractRegion, listRegions, RegionError, withoutMarkers } from '../../src/code-import/regions.js';

const ts = `import x from 'y';

// #region alpha
const a = 1;
  // #region inner
  const b = 2;
  // #endregion inner
// #endregion alpha

function f() {
  // #region indented
  return 3;
  // #endregion
}
`;

describe('named regions', () => {
  it('extracts a region without its markers or those of nested regions', () => {
    expect(extractRegion(ts, 'alpha')).toBe('const a = 1;\n  const b = 2;');
    expect(extractRegion(ts, 'inner')).toBe('const b = 2;');
  });

  it('removes the common indentation of an indented region', () => {
    expect(extractRegion(ts, 'indented')).toBe('return 3;');
  });

  it('understands # markers in HCL, YAML and shell', () => {
    const hcl = 'terraform {}\n# #region vpc\nresource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n}\n# #endregion vpc\n';
    expect(extractRegion(hcl, 'vpc')).toBe('resource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n}');
    const yaml = 'coder:\n  # #region env\n  env:\n    - name: A\n  # #endregion\n';
    expect(extractRegion(yaml, 'env')).toBe('env:\n  - name: A');
  });

  it('lists the regions of a file', () => {
    expect(listRegions(ts)).toEqual(['alpha', 'inner', 'indented']);
  });

  it('names the known regions when one is missing', () => {
    expect(() => extractRegion(ts, 'beta')).toThrow(/region "beta" not found \(regions in this file: alpha, inner, indented\)/);
  });

  it('rejects an unterminated, a mismatched, a duplicated and an empty region', () => {
    expect(() => extractRegion('// #region a\nx\n', 'a')).toThrow(/has no #endregion/);
    expect(() => extractRegion('// #region a\nx\n// #endregion b\n', 'a')).toThrow(/closed by "#endregion b"/);
    expect(() => extractRegion('// #region a\nx\n// #endregion\n// #region a\ny\n// #endregion\n', 'a')).toThrow(/declared 2 times/);
    expect(() => extractRegion('// #region a\n\n// #endregion\n', 'a')).toThrow(RegionError);
  });

  it('shows a whole file or a line range without region markers', () => {
    expect(withoutMarkers('a\n# #region x\nb\n# #endregion x\n')).toBe('a\nb');
    expect(withoutMarkers(ts)).not.toMatch(/#(end)?region/);
    expect(withoutMarkers(ts)).toContain('  const b = 2;');
    expect(extractLines(ts, 3, 8)).toBe('const a = 1;\n  const b = 2;');
  });

  it('checks line ranges against the file', () => {
    expect(extractLines('a\nb\nc\n', 2, 3)).toBe('b\nc');
    expect(extractLines('a\nb\nc\n', 2, undefined)).toBe('b\nc');
    expect(() => extractLines('a\nb\n', 1, 5)).toThrow(/runs past the end of the file \(2 lines\)/);
    expect(() => extractLines('a\nb\n', 2, 1)).toThrow(/empty or inverted/);
  });

  it('Feature: coder-deployment-guide, pipeline property: a region shows the same code whatever is edited outside it', () => {
    const line = fc.stringMatching(/^[a-z0-9 =;(){}."]{0,30}$/);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.array(line, { minLength: 1, maxLength: 10 }), fc.array(line, { maxLength: 20 }), (above, body, below) => {
        fc.pre(body.some((l) => l.trim() !== ''));
        const file = [...above, '// #region shown', ...body, '// #endregion shown', ...below].join('\n');
        const moved = ['// a new line above', ...above, '', '// #region shown', ...body, '// #endregion shown', ...below, 'tail'].join('\n');
        expect(extractRegion(moved, 'shown')).toBe(extractRegion(file, 'shown'));
      }),
      { numRuns: 200 },
    );
  });
});
