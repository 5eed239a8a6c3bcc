// Uploads that keep going when the person looks away, in every engine, with pages that really go
// to the background (the driver's toBackground: a tab in front in Chromium and Firefox, the window
// minimized in WebKitGTK, whose tabs behind another stay visible; launched with `backgroundTabs`,
// so Chromium hides and throttles them as a person's browser does: test/helpers/background-tabs.ts):
// a hidden page uploads to the end; after the page was frozen (page lifecycle) the engine asks the
// server where the upload stands (uploadToken.get) before it sends more, and the entry still holds
// exactly the file; with `keep-awake` a screen wake lock is held while bytes move, let go when the
// page is hidden, taken again when it is back, and let go at the end. Freezing and wake locks are
// skipped where the engine lacks them, by a check of that very capability.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DriverPage } from '../drivers/page-driver.ts';
import type { KalturaApi } from '../../server/core/kaltura-api.ts';
import { skipUnless, supported } from '../helpers/node-capability.ts';
import { eachEngine } from './each-engine.ts';
import { startEnginePageServer, type EnginePageServer } from './engine-page-server.ts';
import { MiB, sha256OfFile, writeRandomFile } from './engine-page-driver.ts';

const PAGE = '/test/e2e/pages/element.html';

let server: EnginePageServer;
let api: KalturaApi;
let tmp: string;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-e2e-background-'));
  server = await startEnginePageServer({ pages: [PAGE] });
});

after(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The element page on a fresh local API, storage emptied (Chromium's pages here share one context). */
async function openElementPage(page: DriverPage): Promise<DriverPage> {
  api = await server.freshApi();
  await page.goto(server.url + PAGE);
  await page.waitForFunction(() => window.elementPage?.ready);
  await page.evaluate(() => localStorage.clear());
  return page;
}

/** Mounts an uploader with `attrs`, picks a random file of `bytes` and starts uploading it. */
async function startUpload(page: DriverPage, attrs: Record<string, string>, bytes: number): Promise<string> {
  const file = path.join(tmp, `upload-${bytes}.mp4`);
  writeRandomFile(file, bytes);
  await page.evaluate(([a, ks]) => window.elementPage.mount(a, ks), [{ 'no-unload-guard': '', ...attrs }, api.startSession({ userId: 'background' })] as const);
  await page.setInputFiles([file], '#file');
  await page.evaluate(() => window.elementPage.addPicked('away.mp4'));
  return file;
}

const chunkRequests = () => api.requests.list().filter((r) => r.service === 'uploadtoken' && r.action === 'upload');

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function completed(page: DriverPage): Promise<{ entryId: string }> {
  await page.waitForFunction(() => window.elementPage.completed.length || window.elementPage.errors.length, undefined, { timeout: 90_000, polling: 100 });
  const { completed: done, errors } = await page.evaluate(() => ({ completed: window.elementPage.completed, errors: window.elementPage.errors }));
  assert.deepEqual(errors, []);
  return done[0]!;
}

eachEngine((run) => {
  test('a page in the background uploads to the end, its timers throttled as the engine throttles hidden pages', { timeout: 120_000 }, async (t) => {
    const page = await openElementPage(await run.driver.newPage());
    api.faults.set([{ kind: 'latency', action: 'upload', ms: 40 }]);
    if (!(await supported(t, () => page.toBackground(), 'needs a page sent to the background'))) return page.close();
    const ticks = page.evaluate(() => window.elementPage.timerRate(3000));
    const file = await startUpload(page, { 'chunk-size': String(MiB), concurrency: '2' }, 12 * MiB + 5);
    const { entryId } = await completed(page);
    // Unthrottled, a 10 ms chain fires about 100 times a second; hidden, about once (Chromium,
    // Firefox) to five times (WebKitGTK) here: the page really was in the background.
    const rate = await ticks;
    t.diagnostic(`a 10 ms timer chain fired ${rate.toFixed(1)} times a second while hidden`);
    assert.ok(rate < 10, `timers throttled while hidden: ${rate} a second`);
    assert.equal(await page.evaluate(() => document.visibilityState), 'hidden', 'it finished while hidden');
    assert.deepEqual(await page.evaluate(() => window.elementPage.lifecycle), ['visibilitychange:hidden'], 'hidden throughout');
    assert.equal((await api.entryInfo(entryId))?.sha256, sha256OfFile(file));
    await page.close();
  });

  test('after the page was frozen, the engine asks the server where it stands before it sends more, and the entry is whole', { timeout: 120_000 }, async (t) => {
    const page = await openElementPage(await run.driver.newPage());
    if (skipUnless(t, await page.evaluate(() => 'onfreeze' in document), 'needs the Page Lifecycle API (no freeze and resume events in this engine)')) return page.close();
    api.faults.set([{ kind: 'latency', action: 'upload', ms: 150 }]);
    const file = await startUpload(page, { 'chunk-size': String(MiB), concurrency: '1' }, 24 * MiB + 11);
    await until('a few chunks', () => chunkRequests().filter((r) => r.outcome === 'ok').length >= 3);
    await page.toBackground();
    // A chunk sent while hidden: the check hiding asked for is spent before the freeze.
    const hiddenAt = Date.now();
    await until('a chunk sent while hidden', () => chunkRequests().some((r) => r.at > hiddenAt + 50));
    if (!(await supported(t, () => page.setFrozen(true), 'needs a page frozen through the page lifecycle'))) return page.close();
    await new Promise((r) => setTimeout(r, 1500));
    const resumedAt = Date.now();
    await page.setFrozen(false);
    await until('two chunks after the resume', () => chunkRequests().filter((r) => r.at >= resumedAt).length >= 2);
    const after = api.requests.list().filter((r) => r.at >= resumedAt).map((r) => `${r.service}.${r.action}`);
    assert.equal(after[0], 'uploadtoken.get', `the first call after the resume asks where the upload stands (then: ${after.slice(0, 4).join(', ')})`);
    assert.deepEqual(await page.evaluate(() => window.elementPage.lifecycle.filter((e) => !e.startsWith('visibility'))), ['freeze:hidden', 'resume:hidden']);
    await page.toFront();
    const { entryId } = await completed(page);
    assert.equal((await api.entryInfo(entryId))?.sha256, sha256OfFile(file));
    await page.close();
  });

  test('keep-awake: a wake lock while bytes move, let go when hidden, taken again when visible, let go at the end', { timeout: 120_000 }, async (t) => {
    const page = await openElementPage(await run.driver.newPage());
    const why = await page.evaluate(() => window.elementPage.whyNoWakeLock());
    if (skipUnless(t, !why, `needs a screen wake lock (${why})`)) return page.close();
    api.faults.set([{ kind: 'latency', action: 'upload', ms: 150 }]);
    const locks = () => page.evaluate(() => window.elementPage.wakeLocks);
    await startUpload(page, { 'keep-awake': '', 'chunk-size': String(MiB), concurrency: '1' }, 16 * MiB);
    await page.waitForFunction(() => window.elementPage.wakeLocks.length === 1);
    assert.deepEqual(await locks(), [{ released: false }], 'held while uploading');
    if (!(await supported(t, () => page.toBackground(), 'needs a page sent to the background'))) return page.close();
    await page.waitForFunction(() => window.elementPage.wakeLocks[0]!.released, undefined, { polling: 100 });
    await page.toFront();
    await page.waitForFunction(() => window.elementPage.wakeLocks.length === 2);
    assert.deepEqual(await locks(), [{ released: true }, { released: false }], 'taken again when visible');
    await completed(page);
    await page.waitForFunction(() => window.elementPage.wakeLocks[1]!.released);
    assert.equal((await locks()).length, 2, 'no lock once idle');
    await page.close();
  });
}, { backgroundTabs: true });
