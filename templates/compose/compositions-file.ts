/**
 * templates/compositions.yaml: the compositions this deployment publishes.
 * Read here without the composition machinery, so the diagram stage can use
 * it cheaply.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { TSHIRT_SIZES } from '../../iac/coder/catalog.js';
import type { CompositionRef } from '../../iac/diagrams/index.js';
import { zodProblems } from './contract.js';
import { isExactVersion } from './versions.js';
import { LayerError } from './errors.js';

export const COMPOSITIONS_FILE = path.join('templates', 'compositions.yaml');

const compositionsSchema = z.object({
  compositions: z.record(
    z.string().regex(/^[a-z][a-z0-9-]*$/),
    z.object({ toolchain: z.string(), base: z.string(), overrides: z.record(z.string(), z.string()).optional(), permits: z.array(z.string()).optional(), enable: z.array(z.string()).optional() }),
  ),
});
export type Compositions = z.infer<typeof compositionsSchema>['compositions'];

export function loadCompositions(rootDir: string): Compositions {
  const parsed = compositionsSchema.safeParse(parse(fs.readFileSync(path.join(rootDir, COMPOSITIONS_FILE), 'utf8')));
  if (!parsed.success) throw new LayerError(zodProblems(COMPOSITIONS_FILE, parsed.error));
  const problems: string[] = [];
  for (const [name, c] of Object.entries(parsed.data.compositions)) {
    for (const ref of [c.toolchain, c.base]) {
      const at = ref.indexOf('@');
      const layer = at < 0 ? ref : ref.slice(0, at);
      const spec = at < 0 ? '' : ref.slice(at + 1);
      if (spec === 'dev') problems.push(`${COMPOSITIONS_FILE}: compositions.${name}: ${ref} is the working directory, which is not a release; publish it (npm run compose -- release ${layer} <version> …) and pin that version`);
      else if (!isExactVersion(spec)) problems.push(`${COMPOSITIONS_FILE}: compositions.${name}: ${ref} is not pinned; name an exact release, ${layer}@<major.minor.patch>, so a new release reaches users only through a change here`);
    }
  }
  for (const size of TSHIRT_SIZES) {
    if (!(size.composition in parsed.data.compositions)) problems.push(`${COMPOSITIONS_FILE}: compositions: the t-shirt size ${size.name} is pushed as ${size.composition}, which is not composed here`);
  }
  if (problems.length) throw new LayerError(problems);
  return parsed.data.compositions;
}

/** The compositions as name, toolchain and base references, for diagrams and tables. */
export function compositionRefs(rootDir: string): CompositionRef[] {
  return Object.entries(loadCompositions(rootDir)).map(([name, c]) => ({ name, toolchain: c.toolchain, base: c.base }));
}
