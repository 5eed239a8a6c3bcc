// Bench lines for the local API itself (`npm run bench`), each against `npm run api` in a child
// process of its own:
// - one state change (uploadToken.add over HTTP) with 0 / 10k / 100k records stored (half tokens,
//   half entries): it should stay flat, since a change writes only its own record file; also how
//   long the server takes to start on each data dir;
// - system.ping latency while one client trickles a 100 MB chunk in (and, at the same time,
//   another sends a 100 MB JSON body, which is refused at once), against pings on an idle server.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { newEntryId, newTokenId, Store, type EntryRecord, type TokenRecord } from '../../server/state/store.ts';
import { freePort } from '../../test/helpers/free-port.ts';

const root = path.resolve(import.meta.dirname, '../..');
const MiB = 1024 * 1024;
const SECRET = 'local-dev-admin-secret';
const STATE_CHANGES = 200;

export interface BenchRow {
  measure: string;
  figure: string;
  target: string;
  pass?: boolean;
}

const log = (line: string) => console.error(`[bench] ${line}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;

interface ApiChild {
  url: string;
  /** From spawn until system.ping answered. */
  startMs: number;
  stop(): Promise<void>;
}

/** `npm run api` on `dataDir`, ready once system.ping answers. */
async function startApi(dataDir: string): Promise<ApiChild> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/adapters/main.ts')], {
    cwd: root, env: { ...process.env, PORT: String(port), KALTURA_DATA_DIR: dataDir, KALTURA_ADMIN_SECRET: SECRET }, stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const stop = () => new Promise<void>((resolve) => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  for (const deadline = Date.now() + 120_000; ;) {
    if (child.exitCode !== null) throw new Error(`npm run api exited with ${child.exitCode}`);
    if (await ping(url).catch(() => undefined)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error('npm run api did not answer in 120 s');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { url, startMs: performance.now() - started, stop };
}

async function call(url: string, service: string, action: string, params: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${url}/api_v3/service/${service}/action/${action}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ format: 1, ...params }),
  });
  return res.json();
}

/** One system.ping; resolves with its round trip in ms. */
async function ping(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${url}/api_v3/service/system/action/ping?format=1`, { method: 'POST' });
  if ((await res.json()) !== true) throw new Error('ping did not answer true');
  return performance.now() - t;
}

const ks = (url: string) => call(url, 'session', 'start', { secret: SECRET, partnerId: 100, type: 0, userId: 'bench' }) as Promise<string>;

/** `count` records, half tokens and half entries, written through the store as the API writes them. */
async function populate(dataDir: string, count: number): Promise<void> {
  const store = new Store(dataDir);
  await store.load();
  const now = Date.now();
  let pending: Promise<void>[] = [];
  for (let i = 0; i < count / 2; i++) {
    const token: TokenRecord = { id: newTokenId(), partnerId: 100, userId: 'bench', status: 3, fileName: `f${i}.mp4`, fileSize: 1000, uploadedFileSize: 1000, autoFinalize: false, createdAt: now, updatedAt: now, hasFile: false };
    const entry: EntryRecord = { id: newEntryId(), partnerId: 100, userId: 'bench', creatorId: 'bench', name: `f${i}`, status: 2, createdAt: now, updatedAt: now };
    store.tokens.set(token.id, token);
    store.entries.set(entry.id, entry);
    pending.push(store.save(token, entry));
    if (pending.length >= 256) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  store.release();
}

export async function stateChangeRows(tmp: string): Promise<BenchRow[]> {
  const sizes = [0, 10_000, 100_000];
  const figures: { records: number; medianMs: number; p95Ms: number; startMs: number }[] = [];
  for (const records of sizes) {
    const dataDir = path.join(tmp, `records-${records}`);
    log(`local API: ${records} records (half tokens, half entries), then ${STATE_CHANGES} × uploadToken.add`);
    await populate(dataDir, records);
    const api = await startApi(dataDir);
    try {
      const session = await ks(api.url);
      for (let i = 0; i < 20; i++) await call(api.url, 'uploadtoken', 'add', { ks: session }); // warm-up
      const times: number[] = [];
      for (let i = 0; i < STATE_CHANGES; i++) {
        const t = performance.now();
        const token = await call(api.url, 'uploadtoken', 'add', { ks: session, uploadToken: { fileName: `bench-${i}.mp4` } });
        times.push(performance.now() - t);
        if (token.objectType !== 'KalturaUploadToken') throw new Error(`uploadToken.add failed: ${JSON.stringify(token)}`);
      }
      figures.push({ records, medianMs: median(times), p95Ms: quantile(times, 0.95), startMs: api.startMs });
    } finally {
      await api.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const ratio = figures[2]!.medianMs / figures[0]!.medianMs;
  const list = (pick: (f: (typeof figures)[number]) => string) => figures.map(pick).join(' / ');
  return [
    {
      measure: 'local API: one state change (uploadToken.add) with 0 / 10k / 100k records, median (p95)',
      figure: `${list((f) => `${f.medianMs.toFixed(2)} (${f.p95Ms.toFixed(2)})`)} ms; 100k ÷ 0 = ${ratio.toFixed(2)}`,
      target: 'flat: 100k ÷ 0 ≤ 2', pass: ratio <= 2,
    },
    { measure: '  local API start-up (until system.ping answers) on the same data dirs', figure: `${list((f) => (f.startMs / 1000).toFixed(2))} s`, target: '' },
  ];
}

/** Sends `total` bytes of a request body at about `bytesPerSecond`, in 256 KiB writes; resolves when sent (or cut). */
function trickle(url: string, pathname: string, contentType: string, head: string, total: number, bytesPerSecond: number): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request(`${url}${pathname}`, { method: 'POST', headers: { 'Content-Type': contentType, 'Content-Length': String(total) } });
    req.on('error', () => resolve());
    req.on('response', (res) => res.resume());
    const piece = Buffer.alloc(256 * 1024, 0x61);
    const started = performance.now();
    let sent = 0;
    const pump = () => {
      if (req.destroyed) return resolve();
      if (sent === 0) {
        req.write(head);
        sent = head.length;
      }
      const n = Math.min(piece.length, total - sent);
      if (n <= 0) {
        req.end();
        return resolve();
      }
      sent += n;
      req.write(piece.subarray(0, n));
      const due = started + (sent / bytesPerSecond) * 1000;
      setTimeout(pump, Math.max(0, due - performance.now()));
    };
    pump();
  });
}

export async function pingUnderLoadRows(tmp: string): Promise<BenchRow[]> {
  const dataDir = path.join(tmp, 'ping');
  const api = await startApi(dataDir);
  try {
    const pings = async (whileRunning: () => boolean, at = 20) => {
      const out: number[] = [];
      while (whileRunning()) {
        out.push(await ping(api.url));
        await new Promise((r) => setTimeout(r, at));
      }
      return out;
    };
    log('local API: system.ping idle, then while a 100 MB chunk trickles in at 25 MB/s and a 100 MB JSON body is refused');
    const idleUntil = performance.now() + 2000;
    const idle = await pings(() => performance.now() < idleUntil);
    const session = await ks(api.url);
    const token = await call(api.url, 'uploadtoken', 'add', { ks: session, uploadToken: { fileName: 'trickle.mp4' } });
    const boundary = 'BeNcHbOuNdArY';
    const fields = { ks: session, format: '1', uploadTokenId: token.id, resume: 'false', finalChunk: 'true' };
    const head = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="fileData"; filename="trickle.mp4"\r\n\r\n`;
    const size = 100 * MiB;
    let running = true;
    const load = Promise.all([
      trickle(api.url, '/api_v3/service/uploadtoken/action/upload', `multipart/form-data; boundary=${boundary}`, head, size, 25e6),
      trickle(api.url, '/api_v3/service/uploadtoken/action/add?format=1', 'application/json', '{"x":"', size, 25e6),
    ]).finally(() => (running = false));
    const busy = await pings(() => running);
    await load;
    const describe = (xs: number[]) => `median ${median(xs).toFixed(2)}, p99 ${quantile(xs, 0.99).toFixed(2)}, max ${Math.max(...xs).toFixed(2)} ms (${xs.length} pings)`;
    return [{
      measure: 'local API: system.ping while a 100 MB chunk trickles in (and a 100 MB JSON body is refused)',
      figure: `${describe(busy)}; idle: ${describe(idle)}`,
      target: 'p99 < 20 ms', pass: quantile(busy, 0.99) < 20,
    }];
  } finally {
    await api.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
