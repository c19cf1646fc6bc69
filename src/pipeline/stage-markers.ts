/**
 * The markers npm run build's stages write when they are done, for the docs
 * build it starts before them: `ok`, or `failed: <message>`. The diagrams
 * marker is awaited by the pages that show a diagram (remark-await-diagrams.ts);
 * the generated-files marker by the site config itself, before anything reads
 * generated/ (docusaurus.config.ts). Without the variables nothing waits. Its
 * own module, light enough for the config and the build script.
 */
import fs from 'node:fs';

/** What a stage writes into its marker when it is done (else `failed: <message>`). */
export const MARKER_OK = 'ok';

/** A stage the docs build may wait for: its name, the variable naming its marker, what it makes, and how to make that by hand. */
export interface Stage {
  name: string;
  env: string;
  makes: string;
  fix: string;
}
export const DIAGRAMS_STAGE: Stage = { name: 'diagrams', env: 'GUIDE_DIAGRAMS_READY', makes: 'the diagrams were not rendered', fix: 'npm run diagrams' };
export const SYNTH_STAGE: Stage = { name: 'synth', env: 'GUIDE_GENERATED_READY', makes: 'generated/ was not written', fix: 'npm run generate' };

const POLL_MS = 50;
const waits = new Map<string, Promise<void>>();

/** Resolves once `marker` exists and says ok; rejects when it says the stage failed, or after `timeoutMs`. */
export function stageReady(marker: string, stage: Stage, timeoutMs = 600_000): Promise<void> {
  let wait = waits.get(marker);
  if (!wait) {
    wait = new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const check = () => {
        let text: string | undefined;
        try {
          text = fs.readFileSync(marker, 'utf8');
        } catch {
          text = undefined;
        }
        if (text === MARKER_OK) return resolve();
        if (text !== undefined && text.startsWith('failed')) return reject(new Error(`the ${stage.name} stage ${text}`));
        if (Date.now() - started > timeoutMs) return reject(new Error(`${stage.makes} within ${Math.round(timeoutMs / 1000)} s (no ${marker}); run ${stage.fix}, then build again`));
        setTimeout(check, POLL_MS);
      };
      check();
    });
    waits.set(marker, wait);
  }
  return wait;
}
