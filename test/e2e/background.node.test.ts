// Uploads that keep going when the person looks away, in a Chromium whose background tabs are
// hidden and throttled as theirs are (test/helpers/background-tabs.ts): a tab sent behind another
// uploads to the end; after the page was frozen (page lifecycle) the engine asks the server where
// the upload stands (uploadToken.get) before it sends more, and the entry still holds exactly the
// file; with `keep-awake` a screen wake lock is held while bytes move, let go when the tab is
// hidden, taken again when it is back, and let go at the end.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright';
import type { KalturaApi } from '../../server/core/kaltura-api.ts';
import { launchWithTabs, type TabbedBrowser } from '../helpers/background-tabs.ts';
import { startEnginePageServer, type EnginePageServer } from './engine-page-server.ts';
import { MiB, sha256OfFile, writeRandomFile } from './engine-page-driver.ts';

const PAGE = '/test/e2e/pages/element.html';

let server: EnginePageServer;
let api: KalturaApi;
let tabs: TabbedBrowser;
let page: Page;
let tmp: string;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-e2e-background-'));
  server = await startEnginePageServer({ pages: [PAGE] });
});

after(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  api = await server.freshApi();
  tabs = await launchWithTabs();
  page = tabs.page;
  page.on('pageerror', (e) => console.error(`[element page] ${e.message}`));
  await page.goto(server.url + PAGE);
  await page.waitForFunction(() => window.elementPage?.ready);
});

afterEach(async () => {
  await tabs?.close();
});

/** Mounts an uploader with `attrs`, picks a random file of `bytes` and starts uploading it. */
async function startUpload(attrs: Record<string, string>, bytes: number): Promise<string> {
  const file = path.join(tmp, `upload-${bytes}.mp4`);
  writeRandomFile(file, bytes);
  await page.evaluate(([a, ks]) => window.elementPage.mount(a, ks), [{ 'no-unload-guard': '', ...attrs }, api.startSession({ userId: 'background' })] as const);
  await page.locator('#file').setInputFiles(file);
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

async function completed(): Promise<{ entryId: string }> {
  await page.waitForFunction(() => window.elementPage.completed.length || window.elementPage.errors.length, undefined, { timeout: 90_000, polling: 100 });
  const { completed: done, errors } = await page.evaluate(() => ({ completed: window.elementPage.completed, errors: window.elementPage.errors }));
  assert.deepEqual(errors, []);
  return done[0]!;
}

test('a tab in the background uploads to the end, throttled as Chromium throttles hidden tabs', { timeout: 120_000 }, async () => {
  api.faults.set([{ kind: 'latency', action: 'upload', ms: 40 }]);
  await tabs.toBackground();
  const ticks = page.evaluate(() => window.elementPage.timerRate(3000));
  const file = await startUpload({ 'chunk-size': String(MiB), concurrency: '2' }, 12 * MiB + 5);
  const { entryId } = await completed();
  assert.ok((await ticks) < 5, 'a 10 ms timer fired at most a few times a second: the tab really was in the background');
  assert.equal(await page.evaluate(() => document.visibilityState), 'hidden', 'it finished while hidden');
  assert.equal((await api.entryInfo(entryId))?.sha256, sha256OfFile(file));
});

test('after the page was frozen, the engine asks the server where it stands before it sends more, and the entry is whole', { timeout: 120_000 }, async () => {
  api.faults.set([{ kind: 'latency', action: 'upload', ms: 150 }]);
  const file = await startUpload({ 'chunk-size': String(MiB), concurrency: '1' }, 24 * MiB + 11);
  await until('a few chunks', () => chunkRequests().filter((r) => r.outcome === 'ok').length >= 3);
  await tabs.toBackground();
  // A chunk sent while hidden: the check hiding asked for is spent before the freeze.
  const hiddenAt = Date.now();
  await until('a chunk sent while hidden', () => chunkRequests().some((r) => r.at > hiddenAt + 50));
  await tabs.setFrozen(true);
  await new Promise((r) => setTimeout(r, 1500));
  const resumedAt = Date.now();
  await tabs.setFrozen(false);
  await until('two chunks after the resume', () => chunkRequests().filter((r) => r.at >= resumedAt).length >= 2);
  const after = api.requests.list().filter((r) => r.at >= resumedAt).map((r) => `${r.service}.${r.action}`);
  assert.equal(after[0], 'uploadtoken.get', `the first call after the resume asks where the upload stands (then: ${after.slice(0, 4).join(', ')})`);
  assert.deepEqual(await page.evaluate(() => window.elementPage.lifecycle.filter((e) => !e.startsWith('visibility'))), ['freeze:hidden', 'resume:hidden']);
  await tabs.toFront();
  const { entryId } = await completed();
  assert.equal((await api.entryInfo(entryId))?.sha256, sha256OfFile(file));
});

test('keep-awake: a wake lock while bytes move, let go when hidden, taken again when visible, let go at the end', { timeout: 120_000 }, async () => {
  api.faults.set([{ kind: 'latency', action: 'upload', ms: 150 }]);
  const locks = () => page.evaluate(() => window.elementPage.wakeLocks);
  await startUpload({ 'keep-awake': '', 'chunk-size': String(MiB), concurrency: '1' }, 16 * MiB);
  await page.waitForFunction(() => window.elementPage.wakeLocks.length === 1);
  assert.deepEqual(await locks(), [{ released: false }], 'held while uploading');
  await tabs.toBackground();
  await page.waitForFunction(() => window.elementPage.wakeLocks[0]!.released, undefined, { polling: 100 });
  await tabs.toFront();
  await page.waitForFunction(() => window.elementPage.wakeLocks.length === 2);
  assert.deepEqual(await locks(), [{ released: true }, { released: false }], 'taken again when visible');
  await completed();
  await page.waitForFunction(() => window.elementPage.wakeLocks[1]!.released);
  assert.equal((await locks()).length, 2, 'no lock once idle');
});
