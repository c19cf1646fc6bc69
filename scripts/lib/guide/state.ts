/**
 * The runner's progress: which steps finished, written atomically after
 * every change (temporary file, then rename), so an interrupt or a crash
 * never leaves a half-written state and a resumed run skips finished steps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic.js';

export interface StepRecord {
  status: 'done' | 'failed' | 'interrupted';
  attempts: number;
  exitCode?: number;
  at: string;
}

export interface RunState {
  version: 1;
  profile: string;
  steps: Record<string, StepRecord>;
}

export function statePath(root: string, profile: string): string {
  return path.join(root, '.guide', `state.${profile}.json`);
}

export function readState(file: string, profile: string): RunState {
  if (!fs.existsSync(file)) return { version: 1, profile, steps: {} };
  let parsed: RunState;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as RunState;
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); delete it to start over, or fix it`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || parsed.version !== 1 || parsed.profile !== profile || parsed.steps === null || typeof parsed.steps !== 'object' || Array.isArray(parsed.steps)) {
    throw new Error(`${file} is not a state file of profile ${profile} (version 1, with a steps object); delete it to start over`);
  }
  return parsed;
}

export function writeState(file: string, state: RunState): void {
  writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}
