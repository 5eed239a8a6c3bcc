// Two tabs, one file (issue #21): the element's resume store (localStorage) is shared by every tab
// of the origin. Two tabs of one browser context, in each engine, pick the same 40 MiB file from disk, at once and
// 1.5 s apart: each upload gets a token and an entry of its own with exactly the file's bytes, no
// token is left open and no entry waits in IMPORT or NO_CONTENT; the second tab never lists the
// first tab's live upload as interrupted, and its Forget cannot delete it.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DriverPage } from '../drivers/page-driver.ts';
import type { KalturaApi } from '../../server/core/kaltura-api.ts';
import { TokenStatus } from '../../server/services/upload-token.ts';
import { eachEngine } from './each-engine.ts';
import { startEnginePageServer, type EnginePageServer } from './engine-page-server.ts';
import { MiB, sha256OfFile, writeRandomFile } from './engine-page-driver.ts';

const PAGE = '/test/e2e/pages/element.html';
const FILE_SIZE = 40 * MiB + 4321;
const USER = 'two-tabs';
/** On every response: each upload takes a few seconds, so the tabs overlap on any machine. */
const LATENCY_MS = 150;

let server: EnginePageServer;
let tmp: string;
let file: string;
let api: KalturaApi;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-e2e-two-tabs-'));
  file = path.join(tmp, 'lecture.mp4');
  writeRandomFile(file, FILE_SIZE);
  server = await startEnginePageServer({ pages: [PAGE] });
});

after(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Makes `page` an older browser's: no navigator.locks (the engine looks for it when it claims an upload, not at load). */
async function withoutWebLocks(page: DriverPage): Promise<void> {
  await page.evaluate(() => void Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined }));
}

async function untilComplete(page: DriverPage): Promise<{ entryId: string }> {
  await page.waitForFunction(() => window.elementPage.completed.length > 0 || window.elementPage.errors.length > 0, undefined, { timeout: 90_000, polling: 100 });
  const { completed, errors } = await page.evaluate(() => ({ completed: window.elementPage.completed, errors: window.elementPage.errors }));
  assert.deepEqual(errors, [], 'no upload failed');
  return completed[0]!;
}

/** Two entries with exactly the file's bytes on two tokens; nothing open or empty left for the user. */
async function assertTwoWholeUploads(entryIds: string[]): Promise<void> {
  const expected = sha256OfFile(file);
  assert.equal(new Set(entryIds).size, 2, `two entries: ${entryIds}`);
  const infos = await Promise.all(entryIds.map((id) => api.entryInfo(id)));
  for (const info of infos) assert.equal(info?.sha256, expected, 'the entry holds exactly the file');
  assert.equal(new Set(infos.map((i) => i?.uploadTokenId)).size, 2, 'each on a token of its own');
  const tokens = [...api.store.tokens.values()].filter((t) => t.userId === USER);
  const open = tokens.filter((t) => t.status !== TokenStatus.CLOSED && t.status !== TokenStatus.DELETED);
  assert.deepEqual(open.map((t) => `${t.id}:${t.status}`), [], 'no token left open');
  const entries = [...api.store.entries.values()].filter((e) => e.userId === USER);
  assert.deepEqual(entries.filter((e) => e.status === 0 || e.status === 7).map((e) => `${e.id}:${e.status}`), [], 'no entry in IMPORT or NO_CONTENT');
  assert.equal(entries.length, 2, 'no other entry made');
}

eachEngine((run) => {
  /** The first tab: in a fresh context, so each test starts with empty storage; the second is a tab of its context. */
  let first: DriverPage | undefined;
  const tabs: DriverPage[] = [];

  beforeEach(async () => {
    api = await server.freshApi();
    api.faults.set([{ kind: 'latency', ms: LATENCY_MS }]);
  });

  afterEach(async () => {
    for (const tab of tabs.splice(0).reverse()) await tab.close().catch(() => {});
    first = undefined;
  });

  /** A tab of the shared context with an uploader (1 MiB chunks, 4 at a time) and the file picked in its #file input. */
  async function openTab(noWebLocks = false): Promise<DriverPage> {
    const page = first ? await first.newTab() : (first = await run.driver.newPage());
    tabs.push(page);
    await page.goto(server.url + PAGE);
    await page.waitForFunction(() => window.elementPage?.ready);
    if (noWebLocks) await withoutWebLocks(page);
    const ks = api.startSession({ userId: USER });
    await page.evaluate(([k, chunk]) => window.elementPage.mount({ 'chunk-size': chunk, concurrency: '4' }, k), [ks, String(MiB)] as const);
    await page.waitForFunction(() => !!document.querySelector('kaltura-uploader'));
    await page.setInputFiles([file], '#file');
    return page;
  }

  test('two tabs pick the same file at once: two entries, each whole, nothing left open', { timeout: 180_000 }, async () => {
    const [one, two] = [await openTab(), await openTab()];
    await Promise.all([one, two].map((p) => p.evaluate(() => window.elementPage.addPickedAsIs())));
    const results = await Promise.all([untilComplete(one), untilComplete(two)]);
    await assertTwoWholeUploads(results.map((r) => r.entryId));
    // Both finished: no record is left for either tab to offer.
    assert.deepEqual(await one.evaluate(() => window.elementPage.records()), {});
  });

  for (const locks of ['Web Locks', 'no Web Locks (the localStorage lease)']) {
    test(`a second tab 1.5 s later, ${locks}: it does not list or forget the live upload, and uploads on its own token`, { timeout: 180_000 }, async () => {
      // An older browser: no navigator.locks in either tab.
      const [one, two] = [await openTab(locks.startsWith('no')), await openTab(locks.startsWith('no'))];
      assert.equal(await one.evaluate(() => !!navigator.locks), !locks.startsWith('no'));
      await one.evaluate(() => window.elementPage.addPickedAsIs());
      await one.waitForFunction(() => Object.keys(window.elementPage.records()).length > 0, undefined, { timeout: 30_000 });
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal((await one.evaluate(() => window.elementPage.completed)).length, 0, 'the first upload is still running');

      const [key, record] = Object.entries(await two.evaluate(() => window.elementPage.records()))[0]!;
      assert.deepEqual(await two.evaluate(() => window.elementPage.interrupted()), [], "the second tab's interrupted list does not show the live upload");
      await two.evaluate((k) => window.elementPage.forget(k), key);
      assert.deepEqual(Object.keys(await one.evaluate(() => window.elementPage.records())), [key], 'Forget in the second tab kept the record');
      const token = await api.tokenInfo(record.uploadTokenId);
      assert.ok(token && token.status !== TokenStatus.DELETED, 'and the token');

      await two.evaluate(() => window.elementPage.addPickedAsIs());
      const results = await Promise.all([untilComplete(one), untilComplete(two)]);
      const resumed = (await two.evaluate(() => window.elementPage.states)).filter((s) => s.endsWith(':uploading'));
      assert.ok(resumed.length > 0, 'the second tab uploaded');
      await assertTwoWholeUploads(results.map((r) => r.entryId));
      assert.deepEqual(await two.evaluate(() => window.elementPage.interrupted()), [], 'nothing left to continue');
    });
  }
});
