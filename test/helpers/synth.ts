/** Synthesizes a resolved deployment into memory (through a throwaway directory). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../iac/app.js';
import type { Deployment } from '../../iac/deployment.js';
import { loadSynthesized, type SynthesizedApp } from '../../iac/policies/model.js';

export function synthesizeToMemory(deployment: Deployment): SynthesizedApp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-mem-'));
  try {
    buildApp(deployment, dir).app.synth();
    return loadSynthesized(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
