/**
 * An exclusive lock on a layer's release history (releases.yaml), held from
 * the read that the release checks run on to the atomic write of the new
 * history. Two `release` or `withdraw` runs at once take turns: the second
 * reads the history the first wrote. The lock is a file beside the history
 * holding the holder's pid and start time; it is removed on exit and on
 * SIGINT/SIGTERM, and taken over when its holder is gone or it is stale.
 */
import fs from 'node:fs';
import { LayerError } from './errors.js';

/** How long a run waits for another to finish, and after how long a lock counts as stale. */
export const LOCK_WAIT_MS = 60_000;
export const LOCK_STALE_MS = 10 * 60_000;

interface Holder {
  pid: number;
  since: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lock: string): Holder | undefined {
  try {
    return JSON.parse(fs.readFileSync(lock, 'utf8')) as Holder;
  } catch {
    return undefined; // being written, or removed meanwhile
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function withHistoryLock<T>(historyFile: string, what: string, work: () => Promise<T> | T): Promise<T> {
  const lock = `${historyFile}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, since: Date.now() }), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(lock);
    if (holder && (!alive(holder.pid) || Date.now() - holder.since > LOCK_STALE_MS)) {
      // The holder died without cleaning up (kill -9, a crash) or hangs: take the lock over.
      fs.rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new LayerError([`${what}: another release or withdraw of this layer (pid ${holder?.pid ?? '?'}) holds ${lock}; try again when it has finished, or delete the file if no such process runs`]);
    await sleep(50 + Math.random() * 100);
  }
  const release = () => {
    if (readHolder(lock)?.pid === process.pid) fs.rmSync(lock, { force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', release);
  try {
    if (process.env.GUIDE_TEST_RELEASE_HOLD_MS) await sleep(Number(process.env.GUIDE_TEST_RELEASE_HOLD_MS)); // tests: widen the window two runs could race in
    return await work();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', release);
    release();
  }
}
