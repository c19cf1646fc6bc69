/**
 * snippets/database-users.sql, run by a real psql against a real PostgreSQL
 * server (Debian's postgresql package; .ci/run installs it), prepared as
 * Aurora PostgreSQL hands it over: the master user, the coder database and
 * the rds_iam role. Run twice, as the install step may be.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo.js';

const binDir = (() => {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return undefined;
  const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin') : undefined;
})();
// Without a server here the test is skipped, except in CI, where .ci/run installs one.
const available = binDir !== undefined || process.env.CI === 'true';
const root = process.getuid?.() === 0;

let dir = '';
let port = 0;

/** Runs a server binary as the postgres user when this is root (initdb refuses root). */
function server(bin: string, args: string[]) {
  const command = path.join(binDir!, bin);
  const r = root ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' }) : spawnSync(command, args, { encoding: 'utf8' });
  expect(r.status, `${bin}: ${r.stderr}`).toBe(0);
}

function psql(conninfo: string, args: string[], input?: string) {
  const r = spawnSync('psql', [conninfo, '-X', '-q', '-t', '-A', ...args], { encoding: 'utf8', input, env: { ...process.env, PGCONNECT_TIMEOUT: '5' } });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr };
}
const master = (db = 'coder') => `host=${dir} port=${port} user=master dbname=${db}`;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

describe.runIf(available)('database-users.sql on PostgreSQL', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    expect(binDir, 'a PostgreSQL server is installed (apt-get install -y postgresql; .ci/run does it)').toBeDefined();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-pg-'));
    if (root) spawnSync('chown', ['postgres', dir]);
    port = await freePort();
    // Local socket: trust (the master user); TCP: passwords, as the monitoring login uses them.
    server('initdb', ['-D', path.join(dir, 'data'), '-U', 'master', '--auth-local=trust', '--auth-host=scram-sha-256']);
    server('pg_ctl', ['-D', path.join(dir, 'data'), '-w', '-l', path.join(dir, 'log'), '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`, 'start']);
    // What Aurora provides: the database the cluster was created with, and the rds_iam role.
    for (const sql of ['CREATE DATABASE coder', 'CREATE ROLE rds_iam NOLOGIN']) expect(psql(master('postgres'), ['-c', sql]).err).toBe('');
  });
  afterAll(() => {
    if (!dir) return;
    if (binDir) spawnSync(root ? 'runuser' : path.join(binDir, 'pg_ctl'), root ? ['-u', 'postgres', '--', path.join(binDir, 'pg_ctl'), '-D', path.join(dir, 'data'), '-m', 'immediate', 'stop'] : ['-D', path.join(dir, 'data'), '-m', 'immediate', 'stop']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const apply = (password: string) => psql(master(), ['-v', `observability_password=${password}`], fs.readFileSync(path.join(repoRoot, 'snippets', 'database-users.sql'), 'utf8'));
  const observability = (password: string) => psql(`host=127.0.0.1 port=${port} user=coder_observability dbname=coder password=${password}`, ['-c', 'SELECT current_user']);

  it('creates coderd\'s IAM login as owner of the coder database, and the monitoring login with its password', () => {
    const first = apply("first-'quoted'-secret");
    expect(first.status, first.err).toBe(0);
    expect(psql(master(), ['-c', "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'coder'"]).out).toBe('t');
    expect(psql(master(), ['-c', "SELECT pg_has_role('coder', 'rds_iam', 'member')"]).out).toBe('t');
    expect(psql(master(), ['-c', "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'coder'"]).out).toBe('coder');
    expect(psql(master(), ['-c', "SELECT pg_has_role('coder_observability', 'pg_monitor', 'member')"]).out).toBe('t');
    // The password reaches the server as given, quotes and all.
    expect(observability("first-'quoted'-secret").out).toBe('coder_observability');
  });

  it('runs again without error, and a second run sets the monitoring password it is given', () => {
    const again = apply('rotated-secret');
    expect(again.status, again.err).toBe(0);
    expect(observability('rotated-secret').out).toBe('coder_observability');
    expect(observability("first-'quoted'-secret").status).not.toBe(0);
    expect(psql(master(), ['-c', "SELECT count(*) FROM pg_roles WHERE rolname IN ('coder', 'coder_observability')"]).out).toBe('2');
  });
});
