// The running demo (`npm run demo`: the local API and its dev routes on Vite) and a page of another
// origin the developer happens to visit, in each engine. The foreign page gets no ADMIN KS (even
// knowing the data dir's admin secret), cannot read or set a dev route, but may still call the API
// with a user KS (CORS stays open, as on Kaltura); the demo page itself and Node clients keep
// both. The secret is the data dir's own, made at random on the first start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { DriverPage } from '../drivers/page-driver.ts';
import { startDemo, type RunningDemo } from '../helpers/demo-server.ts';
import { eachEngine } from './each-engine.ts';

let demo: RunningDemo;
let api: string;
let foreign: http.Server;
let foreignUrl: string;
let tmp: string;
let secret: string;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-origins-'));
  demo = await startDemo(path.join(tmp, 'data'));
  api = new URL(demo.url).origin;
  secret = fs.readFileSync(path.join(tmp, 'data', 'admin-secret'), 'utf8').trim();
  // The other origin: another host name for the same machine, on a port of its own.
  foreign = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  const host = new URL(api).hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  foreignUrl = `http://${host}:${(foreign.address() as AddressInfo).port}/`;
});

after(async () => {
  demo?.stop();
  foreign?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** session.start from the page: the KS string, or the Kaltura error code, or 'network' when it cannot read the answer. */
function startSession(page: DriverPage, type: number): Promise<string> {
  return page.evaluate(async ({ api, secret, type }) => {
    try {
      const res = await fetch(`${api}/api_v3/service/session/action/start?format=1`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ format: 1, secret, type, partnerId: 100, userId: 'mallory' }),
      });
      const body = await res.json();
      return typeof body === 'string' ? body : String(body.code);
    } catch {
      return 'network';
    }
  }, { api, secret, type });
}

test('the data dir holds a random admin secret, not a documented default', () => {
  assert.match(secret, /^[\w-]{24,}$/);
  assert.notEqual(secret, 'local-dev-admin-secret');
});

eachEngine((run) => {
  async function pageAt(url: string): Promise<DriverPage> {
    const page = await run.driver.newPage();
    await page.goto(url);
    return page;
  }

  test('a page of another origin gets no ADMIN KS, nor a USER KS signed with the admin secret', async () => {
    const page = await pageAt(foreignUrl);
    assert.equal(await startSession(page, 2), 'START_SESSION_ERROR');
    assert.equal(await startSession(page, 0), 'START_SESSION_ERROR');
    await page.close();
  });

  test('a page of another origin cannot read or set a dev route', async () => {
    const page = await pageAt(foreignUrl);
    // A "simple" request goes out even without CORS: it must be refused by the server, not just unreadable.
    await page.evaluate((api) => fetch(`${api}/__dev/faults`, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '[{"kind":"http500"}]' }).then(() => {}, () => {}), api);
    const outcome: Record<string, string> = {};
    for (const [name, method] of [['requests', 'GET'], ['session', 'POST']] as const) {
      outcome[name] = await page.evaluate(({ url, method }) =>
        fetch(url, { method }).then(async (res) => `${res.status} ${await res.text()}`, () => 'network'), { url: `${api}/__dev/${name}`, method });
    }
    for (const answer of Object.values(outcome)) assert.ok(answer === 'network' || answer.startsWith('403'), answer);
    const faults = await (await fetch(`${api}/__dev/faults`)).json();
    assert.deepEqual(faults, [], 'the foreign page switched no fault on');
    await page.close();
  });

  test('a page of another origin may still use the API with a user KS (CORS stays open)', async () => {
    const ks = (await (await fetch(`${api}/__dev/session`, { method: 'POST' })).json()) as string;
    const page = await pageAt(foreignUrl);
    const type = await page.evaluate(async ({ api, ks }) => {
      const res = await fetch(`${api}/api_v3/service/uploadtoken/action/list?format=1`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ format: 1, ks }),
      });
      return (await res.json()).objectType;
    }, { api, ks });
    assert.equal(type, 'KalturaUploadTokenListResponse');
    await page.close();
  });

  test('the demo page itself and a Node client keep their admin session and dev routes', async () => {
    const page = await pageAt(demo.url);
    assert.match(await startSession(page, 2), /^djJ8/);
    const devKs = await page.evaluate(async () => (await fetch('/__dev/session', { method: 'POST' })).json());
    assert.match(String(devKs), /^djJ8/);
    await page.close();
    const res = await fetch(`${api}/api_v3/service/session/action/start?format=1`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ format: 1, secret, type: 2, partnerId: 100 }),
    });
    assert.match(String(await res.json()), /^djJ8/);
  });
});
