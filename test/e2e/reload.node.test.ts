// Resume across a real page reload (issue #5): a file picked from disk is uploaded by the engine with
// a LocalStorageResumeStore, the tab is reloaded mid-upload, the person picks the file again, and
// the upload continues on the same token. In each engine, real localStorage, the real local API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { DriverPage } from '../drivers/page-driver.ts';
import { useEnginePageSuite } from './engine-page-suite.ts';
import {
  MiB, bytesReceived, mentions, openEnginePage, pageState, pickAndStart, sha256OfFile, untilConfirmed, untilDone,
  whenReady, writeRandomFile,
} from './engine-page-driver.ts';

const FILE_SIZE = 40 * MiB + 12_345;
const CHUNK_SIZE = MiB;
const CONCURRENCY = 4;
/** On every response: slow enough that a reload lands mid-upload on any machine. */
const LATENCY_MS = 250;

useEnginePageSuite('reload', (api) => api.faults.set([{ kind: 'latency', ms: LATENCY_MS }]), (suite) => {

  /** A fresh file of FILE_SIZE random bytes, in a directory of its own (so names can repeat). */
  function newFile(name: string): string {
    const dir = fs.mkdtempSync(path.join(suite.tmp, 'pick-'));
    const file = path.join(dir, name);
    writeRandomFile(file, FILE_SIZE);
    return file;
  }

  interface BeforeReload {
    ks: string;
    uploadTokenId: string;
    bytesConfirmed: number;
    recordedEntryId?: string;
    storageValues: string[];
  }

  /** Starts uploading `file`, reloads the tab once the server confirmed a third of it, and waits for the new page. */
  async function uploadThenReload(page: DriverPage, file: string, attachFirst = false): Promise<BeforeReload> {
    const ks = suite.api.startSession({ userId: 'reload-user' });
    await pickAndStart(page, file, { ks, chunkSize: CHUNK_SIZE, concurrency: CONCURRENCY, attachFirst });
    await untilConfirmed(page, FILE_SIZE / 3);
    const state = await pageState(page);
    const storageValues = await page.evaluate(() => window.enginePage.storageValues());
    assert.ok(state.uploadTokenId, 'the page knows its upload token');
    assert.equal(state.result, undefined, 'the upload is still running when the tab reloads');
    await page.reload();
    await whenReady(page);
    return { ks, uploadTokenId: state.uploadTokenId, bytesConfirmed: state.bytesConfirmed, recordedEntryId: state.recordedEntryId, storageValues };
  }

  /** media.get over the API, as an app would ask (the KS in the POST body). */
  async function mediaGet(ks: string, entryId: string): Promise<{ id: string; status: number }> {
    const res = await fetch(`${suite.server.url}/api_v3/service/media/action/get`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ ks, format: 1, entryId }),
    });
    return (await res.json()) as { id: string; status: number };
  }

  test('reload mid-upload, pick the same file again: it finishes on the same token and sends only what was missing', { timeout: 120_000 }, async () => {
    const file = newFile('lecture.mp4');
    const page = await openEnginePage(await suite.newPage(), suite.server.pageUrl);
    const urls = suite.server.requestUrls;
    const before = await uploadThenReload(page, file);
    assert.ok(before.storageValues.some((v) => v.includes(before.uploadTokenId)), 'the resume record is in localStorage mid-upload');

    const ks = suite.api.startSession({ userId: 'reload-user' }); // the reloaded page gets a KS of its own
    const restartedAt = Date.now(); // the old page is gone: whatever arrives from now on is the new page's
    await pickAndStart(page, file, { ks, chunkSize: CHUNK_SIZE, concurrency: CONCURRENCY });
    const result = await untilDone(page);
    const after = await pageState(page);

    assert.equal(result.uploadTokenId, before.uploadTokenId, 'the same upload token');
    const resumed = after.states.find((s) => s.state === 'uploading' && s.resumedFrom !== undefined);
    assert.ok(resumed && resumed.resumedFrom! > 0, `statechange says where it resumed from: ${JSON.stringify(after.states)}`);
    assert.equal(after.states.filter((s) => s.state === 'error').length, 0);
    assert.equal((await suite.api.entryInfo(result.entryId))?.sha256, sha256OfFile(file), 'the entry holds exactly the file');

    const remained = FILE_SIZE - before.bytesConfirmed;
    const sentAfter = bytesReceived(suite.api, before.uploadTokenId, restartedAt);
    assert.ok(sentAfter > 0 && sentAfter < remained + CHUNK_SIZE * CONCURRENCY,
      `bytes received after the reload (${sentAfter}) < what remained (${remained}) + chunkSize × concurrency`);

    const storageAfter = await page.evaluate(() => window.enginePage.storageValues());
    assert.ok(!storageAfter.some((v) => v.includes(before.uploadTokenId)), 'the record is removed on completion');
    for (const secret of [before.ks, ks]) {
      assert.ok(![...before.storageValues, ...storageAfter].some((v) => mentions(v, secret)), 'no KS in localStorage');
      assert.ok(!urls.some((u) => mentions(u, secret)), 'no KS in any request URL');
    }
    assert.ok(urls.some((u) => u.includes('/api_v3/')), 'the page\'s API calls were seen');
  });

  test('attachFirst: the entry made before the reload is the one that gets the content', { timeout: 120_000 }, async () => {
    const file = newFile('interview.mp4');
    const page = await openEnginePage(await suite.newPage(), suite.server.pageUrl);
    const urls = suite.server.requestUrls;
    const before = await uploadThenReload(page, file, true);
    const entryId = before.recordedEntryId;
    assert.ok(entryId, 'the resume record names the entry made before the bytes');
    assert.equal((await mediaGet(before.ks, entryId)).status, 0, 'an interrupted attach-first upload leaves an entry in IMPORT');

    const ks = suite.api.startSession({ userId: 'reload-user' });
    const restartedAt = Date.now();
    await pickAndStart(page, file, { ks, chunkSize: CHUNK_SIZE, concurrency: CONCURRENCY, attachFirst: true });
    const result = await untilDone(page);
    const after = await pageState(page);

    assert.equal(result.entryId, entryId, 'the same entry');
    assert.equal(result.uploadTokenId, before.uploadTokenId, 'the same upload token');
    assert.ok(after.states.some((s) => s.state === 'uploading' && s.resumedFrom! > 0), 'it resumed');
    const entry = await mediaGet(ks, entryId);
    assert.equal(entry.id, entryId);
    assert.ok([1, 2].includes(entry.status), `media.get: the entry has its content (PRECONVERT or READY), got ${entry.status}`);
    assert.equal((await suite.api.entryInfo(entryId))?.sha256, sha256OfFile(file), 'the entry holds exactly the file');
    const added = suite.api.requests.list().filter((r) => r.service === 'media' && r.action === 'add');
    assert.equal(added.length, 1, 'media.add ran once: the reload made no second entry');

    const sentAfter = bytesReceived(suite.api, before.uploadTokenId, restartedAt);
    assert.ok(sentAfter < FILE_SIZE - before.bytesConfirmed + CHUNK_SIZE * CONCURRENCY, `bytes after the reload: ${sentAfter}`);
    for (const secret of [before.ks, ks]) {
      assert.ok(!before.storageValues.some((v) => mentions(v, secret)), 'no KS in localStorage');
      assert.ok(!urls.some((u) => mentions(u, secret)), 'no KS in any request URL');
    }
  });

  test('a different file with the same name, size and date picked after the reload gets a token of its own', { timeout: 120_000 }, async () => {
    const first = newFile('holiday.mp4');
    const second = newFile('holiday.mp4');
    // Whole seconds: every file system and File.lastModified keep them exactly.
    const date = Math.floor(fs.statSync(first).mtimeMs / 1000);
    fs.utimesSync(first, date, date);
    fs.utimesSync(second, date, date);
    const page = await openEnginePage(await suite.newPage(), suite.server.pageUrl);
    const before = await uploadThenReload(page, first);

    const ks = suite.api.startSession({ userId: 'reload-user' });
    const restartedAt = Date.now();
    const firstTokenBefore = await suite.api.tokenInfo(before.uploadTokenId);
    await pickAndStart(page, second, { ks, chunkSize: CHUNK_SIZE, concurrency: CONCURRENCY });
    const picked = await page.evaluate(() => {
      const f = document.querySelector<HTMLInputElement>('#file')!.files![0];
      return { name: f.name, size: f.size, lastModified: f.lastModified };
    });
    assert.deepEqual(picked, { name: 'holiday.mp4', size: FILE_SIZE, lastModified: date * 1000 }, 'the page sees the same name, size and date');
    const result = await untilDone(page);
    const after = await pageState(page);

    assert.notEqual(result.uploadTokenId, before.uploadTokenId, 'a new token');
    assert.ok(!after.states.some((s) => (s.resumedFrom ?? 0) > 0), 'nothing was resumed');
    assert.equal((await suite.api.entryInfo(result.entryId))?.sha256, sha256OfFile(second), 'the entry holds the second file');
    assert.equal(bytesReceived(suite.api, before.uploadTokenId, restartedAt), 0, 'no byte went to the first file\'s token after the reload');
    assert.deepEqual(await suite.api.tokenInfo(before.uploadTokenId), firstTokenBefore, 'the first file\'s token is as the reload left it');
    const storage = await page.evaluate(() => window.enginePage.storageValues());
    assert.ok(storage.some((v) => v.includes(before.uploadTokenId)), 'the first file\'s record stays, so it can still be resumed');
  });
});
