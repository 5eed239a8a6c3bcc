// The ways the API is mounted: `npm run api` (main.ts) and the Vite plugin of `npm run demo`,
// with and without its dev routes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createServer, type ViteDevServer } from 'vite';
import { startKalturaServer } from '../../server/adapters/start-server.ts';
import { kalturaApiVitePlugin } from '../../server/adapters/vite-plugin.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('npm run api (main.ts)', () => {
  test('prints the URL, the partner id and a working session.start line; mounts no dev routes', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaltura-main-test-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/adapters/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', KALTURA_DATA_DIR: dataDir, KALTURA_PARTNER_ID: '4242' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c;
          if (out.includes('Ctrl+C')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const url = /Local Kaltura-compatible API: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      assert.ok(url, out);
      assert.match(out, /partner id\s+4242/);
      assert.match(out, new RegExp(`curl -s -X POST ${url}/api_v3/service/session/action/start`));
      // Run what the printed curl line sends.
      const body = /-d '(.*)'/.exec(out)![1]!;
      const ks = await (await fetch(`${url}/api_v3/service/session/action/start`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })).json();
      assert.match(ks, /^djJ8NDI0Mn/); // v2|4242|
      for (const [method, route] of [['POST', '/__dev/faults'], ['POST', '/__dev/session'], ['GET', '/__dev/requests']]) {
        assert.equal((await fetch(`${url}${route}`, { method, body: method === 'POST' ? '[{"kind":"drop"}]' : undefined })).status, 404);
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('data dir', () => {
  test('a data dir another live process serves is refused with the reason', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaltura-lock-test-'));
    try {
      fs.writeFileSync(path.join(dataDir, 'server.pid'), String(process.ppid));
      await assert.rejects(startKalturaServer({ dataDir, port: 0 }), /in use by another local Kaltura API.*KALTURA_DATA_DIR/);
      fs.writeFileSync(path.join(dataDir, 'server.pid'), '999999999'); // a process that is gone
      const server = await startKalturaServer({ dataDir, port: 0 });
      await server.close();
      assert.equal(fs.existsSync(path.join(dataDir, 'server.pid')), false, 'released on close');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('Vite plugin', () => {
  let vite: ViteDevServer;
  let plain: ViteDevServer;
  let dataDir: string;
  const base = (server: ViteDevServer) => server.resolvedUrls!.local[0]!.replace(/\/$/, '');

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaltura-vite-test-'));
    process.env.KALTURA_DATA_DIR = dataDir;
    const make = (devRoutes: boolean) =>
      createServer({
        configFile: false,
        root: dataDir,
        logLevel: 'silent',
        plugins: [kalturaApiVitePlugin({ devRoutes })],
        server: { host: '127.0.0.1', port: 0, open: false, ws: false },
        optimizeDeps: { noDiscovery: true, include: [] },
      }).then((s) => s.listen());
    vite = await make(true);
    plain = await make(false);
  });
  after(async () => {
    await vite?.close();
    await plain?.close();
    delete process.env.KALTURA_DATA_DIR;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('serves /api_v3 and, with devRoutes, a USER KS, fault rules and the request log', async () => {
    const url = base(vite);
    const ks = await (await fetch(`${url}/__dev/session`, { method: 'POST' })).json();
    assert.match(ks, /^djJ8/);
    const listed = await (await fetch(`${url}/api_v3/service/media/action/list`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ks, format: 1 }) })).json();
    assert.equal(listed.objectType, 'KalturaMediaListResponse');

    const set = await fetch(`${url}/__dev/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ kind: 'http503', action: 'list', times: 1 }]) });
    assert.equal(set.status, 200);
    assert.deepEqual(await set.json(), [{ kind: 'http503', action: 'list', times: 1 }]);
    const faulted = await fetch(`${url}/api_v3/service/media/action/list`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ks, format: 1 }) });
    assert.equal(faulted.status, 503);
    const log = await (await fetch(`${url}/__dev/requests`)).json();
    assert.deepEqual(log.map((r: { action: string; outcome: string }) => `${r.action}:${r.outcome}`), ['list:ok', 'list:fault:http503']);
    assert.equal(JSON.stringify(log).includes(ks), false);

    const bad = await fetch(`${url}/__dev/faults`, { method: 'POST', body: '[{"kind":"nope"}]' });
    assert.equal(bad.status, 400);
    assert.equal((await fetch(`${url}/__dev/faults`, { method: 'POST', body: '[]' })).status, 200);
  });

  test('without devRoutes only /api_v3 is added', async () => {
    const url = base(plain);
    assert.equal((await fetch(`${url}/__dev/session`, { method: 'POST' })).status, 404);
    const res = await fetch(`${url}/api_v3/service/session/action/start?format=1`);
    assert.equal((await res.json()).code, 'MISSING_MANDATORY_PARAMETER');
  });
});
