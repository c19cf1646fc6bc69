/**
 * snippets/validate/coder.sh against a loopback server that answers the Coder
 * API the way coderd does (the shapes of codersdk: health report, deployment
 * config, auth methods, OIDC login redirect, external auth, group sync) and
 * an IdP's discovery document. Real bash, curl and jq.
 */
import http from 'node:http';
import path from 'node:path';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo.js';

interface World {
  healthy: boolean;
  /** The IdP's authorization endpoint path, query included. */
  authorizePath: string;
  callback: (base: string) => string;
  externalAuth: string[];
  served: string[];
  groupMapping: Record<string, string[]>;
}
let world: World;
let base = '';
const seenTokens = new Set<string>();

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', base);
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname.startsWith('/api/v2/') && url.pathname !== '/api/v2/users/oidc/callback') {
    const token = String(req.headers['coder-session-token'] ?? '');
    seenTokens.add(token);
    if (token !== 'owner-token') return json(401, { message: 'You must be logged in to use this endpoint.' });
  }
  switch (url.pathname) {
    case '/healthz':
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('OK');
    case '/api/v2/debug/health':
      return json(200, { healthy: world.healthy, severity: world.healthy ? 'ok' : 'error', database: { healthy: true, severity: 'ok' }, derp: world.healthy ? { healthy: true, severity: 'ok' } : { healthy: false, severity: 'error', error: 'region 999 unreachable' } });
    case '/api/v2/deployment/config':
      return json(200, { config: { access_url: base, oidc: { issuer_url: `${base}/idp/`, client_id: 'coder' }, external_auth: world.externalAuth.map((id) => ({ id, type: 'github' })) }, options: [] });
    case '/api/v2/users/authmethods':
      return json(200, { password: { enabled: false }, github: { enabled: false }, oidc: { enabled: true, signInText: '', iconUrl: '' } });
    case '/api/v2/users/oidc/callback':
      // As Go's oauth2 AuthCodeURL builds it: the endpoint, then ? or & and the encoded query.
      res.writeHead(307, { location: `${base}${world.authorizePath}${world.authorizePath.includes('?') ? '&' : '?'}${new URLSearchParams({ client_id: 'coder', redirect_uri: world.callback(base), response_type: 'code', scope: 'openid', state: 'abc' })}` });
      return res.end();
    case '/idp/.well-known/openid-configuration':
      return json(200, { issuer: `${base}/idp/`, authorization_endpoint: `${base}${world.authorizePath}`, token_endpoint: `${base}/idp/token` });
    case '/api/v2/organizations':
      return json(200, [{ id: 'org-1', name: 'coder', is_default: true }]);
    case '/api/v2/organizations/org-1/settings/idpsync/groups':
      return json(200, { field: 'groups', mapping: world.groupMapping, regex_filter: null, auto_create_missing_groups: false });
  }
  const auth = /^\/api\/v2\/external-auth\/([^/]+)$/.exec(url.pathname);
  if (auth && world.served.includes(auth[1]!)) return json(200, { authenticated: false, device: false, display_name: 'GitHub', app_installable: false, installations: [] });
  json(404, { message: 'Resource not found or you do not have access to this resource' });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  world = { healthy: true, authorizePath: '/idp/authorize', callback: (b) => `${b}/api/v2/users/oidc/callback`, externalAuth: ['github'], served: ['github'], groupMapping: { 'platform-admins': ['1f0c'] } };
});

const check = (coderUrl = base) =>
  new Promise<{ status: number; out: string }>((resolve) => {
    execFile('bash', ['snippets/validate/coder.sh'], { cwd: repoRoot, env: { PATH: process.env.PATH, HOME: repoRoot, CODER_URL: coderUrl, CODER_SESSION_TOKEN: 'owner-token' } }, (error, stdout, stderr) => resolve({ status: error ? Number(error.code) : 0, out: `${stdout}${stderr}` }));
  });

describe('validate: Coder health, OIDC, Git external auth, group sync', { timeout: 60_000 }, () => {
  it('passes a healthy deployment, with the owner\'s token on every API call', async () => {
    const r = await check();
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('coder: healthz OK, health report healthy');
    expect(r.out).toContain(`coder: OIDC login starts at ${base}/idp/authorize`);
    expect(r.out).toContain('coder: external auth github');
    expect(r.out).toContain('coder: group sync configured');
    expect([...seenTokens]).toEqual(['owner-token']);
  });

  it('takes CODER_URL with a trailing slash, and an IdP endpoint that has a query of its own', async () => {
    expect((await check(`${base}/`)).status).toBe(0);
    world.authorizePath = '/idp/authorize?p=b2c_1_signin';
    const r = await check();
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain(`coder: OIDC login starts at ${base}/idp/authorize?p=b2c_1_signin`);
  });

  it('names what is wrong: an unhealthy section, a login that calls back elsewhere, an unserved provider, no group mapping', async () => {
    world.healthy = false;
    let r = await check();
    expect(r.status).toBe(1);
    expect(r.out).toContain('unhealthy: derp: region 999 unreachable');

    world.healthy = true;
    world.callback = () => 'https://old-host.example.com/api/v2/users/oidc/callback';
    r = await check();
    expect(r.status).toBe(1);
    expect(r.out).toContain(`OIDC login does not start at the IdP with the access URL ${base} as its callback`);

    world.callback = (b) => `${b}/api/v2/users/oidc/callback`;
    world.served = [];
    r = await check();
    expect(r.status).toBe(1);
    expect(r.out).toContain('external auth provider github is configured but coderd does not serve it');

    world.served = ['github'];
    world.groupMapping = {};
    r = await check();
    expect(r.status).toBe(1);
    expect(r.out).toContain('group sync has no field or no mapping');
  });
});
