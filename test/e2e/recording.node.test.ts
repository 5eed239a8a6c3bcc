// Recording through <kaltura-uploader record> in a real Chromium with fake devices, where a test
// needs a browser of its own: a refused camera (no fake permission UI, a context that grants
// nothing), no camera at all (a fake device count of 0), and a real page.reload() mid-recording
// (what was recorded survives in IndexedDB and lands in an entry; or is forgotten).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_DEVICE_ARGS, FAKE_MEDIA_ARGS } from '../chromium.mjs';
import { startEnginePageServer, type EnginePageServer } from './engine-page-server.ts';

const RECORDER_PAGE = '/test/e2e/pages/recorder.html';

let server: EnginePageServer;
const browsers: Browser[] = [];

before(async () => {
  server = await startEnginePageServer({ pages: [RECORDER_PAGE] });
  await server.freshApi();
});
after(async () => {
  for (const browser of browsers) await browser.close();
  await server?.close();
});

/** The recorder page in a Chromium launched with `args` (on top of the usual ones). */
async function openRecorder(args: string[], context: BrowserContextOptions = {}): Promise<Page> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...args] });
  browsers.push(browser);
  const page = await (await browser.newContext(context)).newPage();
  page.on('pageerror', (e) => console.error(`[recorder page] ${e.message}`));
  await page.goto(server.url + RECORDER_PAGE);
  await page.waitForFunction(() => window.recorderPage?.ready);
  const ks = server.api.startSession({ userId: 'recording-user' });
  await page.evaluate((k) => window.recorderPage.configure(k), ks);
  return page;
}

/** Presses Record camera and waits for the RECORDING_* error it ends in. */
async function recordingFails(page: Page): Promise<{ code?: string; message: string; rows: number; requests: string[] }> {
  const since = Date.now();
  await page.locator('kaltura-uploader [part~="record-camera-button"]').click();
  await page.waitForFunction(() => window.recorderPage.events.some((e) => e.code?.startsWith('RECORDING_')), undefined, { timeout: 20_000 });
  const { code } = (await page.evaluate(() => window.recorderPage.events)).find((e) => e.code?.startsWith('RECORDING_'))!;
  const message = (await page.locator('kaltura-uploader [part~="recorder-message"]').textContent())?.trim() ?? '';
  const rows = await page.locator('kaltura-uploader li[part~="file"]').count();
  const requests = server.api.requests.list().filter((r) => r.at >= since).map((r) => `${r.service}.${r.action}`);
  return { code, message, rows, requests };
}

test('the camera refused: RECORDING_NOT_ALLOWED under the buttons, no row, no request', { timeout: 60_000 }, async () => {
  // No fake permission UI: headless Chromium refuses the camera unless the context grants it.
  const page = await openRecorder(FAKE_DEVICE_ARGS);
  const failed = await recordingFails(page);
  assert.equal(failed.code, 'RECORDING_NOT_ALLOWED');
  assert.equal(failed.message, 'The recording could not start: access to the camera, microphone or screen was refused.');
  assert.equal(failed.rows, 0);
  assert.deepEqual(failed.requests, []);
  assert.equal(await page.locator('kaltura-uploader [part~="record-camera-button"]').isEnabled(), true, 'the person can try again');
});

test('no camera at all: RECORDING_NO_DEVICE', { timeout: 60_000 }, async () => {
  const page = await openRecorder(['--use-fake-device-for-media-stream=device-count=0', '--use-fake-ui-for-media-stream']);
  const failed = await recordingFails(page);
  assert.equal(failed.code, 'RECORDING_NO_DEVICE');
  assert.equal(failed.message, 'The recording could not start: no camera was found, or another program is using it.');
  assert.equal(failed.rows, 0);
  assert.deepEqual(failed.requests, []);
});

/** The recording's bytes as the page's recorders gave them out. */
const recorded = async (page: Page) => ({
  bytes: await page.evaluate(() => window.recorderPage.recordedBytes()),
  sha256: await page.evaluate(() => window.recorderPage.recordedSha256()),
});

/** Records the camera for `seconds`, then holds the recorder still (no more pieces) and waits until storage has every byte. */
async function recordThenHold(page: Page, seconds: number) {
  await page.locator('kaltura-uploader [part~="record-camera-button"]').click();
  await page.waitForFunction(() => window.recorderPage.recordedBytes() > 0, undefined, { timeout: 20_000 });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  await page.evaluate(() => window.recorderPage.holdRecorders());
  const before = await recorded(page);
  // Every byte read is in IndexedDB at once (the last one always stays, even once confirmed).
  await page.waitForFunction(async (bytes) => {
    const pieces = await window.recorderPage.storedPieces();
    return pieces.some(([, offset, size]) => offset + size === bytes);
  }, before.bytes, { timeout: 10_000, polling: 50 });
  return before;
}

test('a reload 5 s into a recording: what was recorded stays in storage, and lands in an entry after the reload (Continue)', { timeout: 120_000 }, async () => {
  const page = await openRecorder(FAKE_MEDIA_ARGS);
  const before = await recordThenHold(page, 5);
  assert.ok(before.bytes > 50_000, `5 s of camera: ${before.bytes} bytes`);
  const storedBefore = await page.evaluate(() => window.recorderPage.storedPieces());
  const [key] = storedBefore[0];
  assert.match(key, /^stream:/);
  const ks = server.api.startSession({ userId: 'recording-user' });

  await page.reload();
  await page.waitForFunction(() => window.recorderPage?.ready);
  await page.evaluate((k) => window.recorderPage.configure(k), server.api.startSession({ userId: 'recording-user' }));
  const stored = await page.evaluate(() => window.recorderPage.storedPieces());
  assert.ok(stored.some(([k, offset, size]) => k === key && offset + size === before.bytes), 'the recording is still in storage after the reload');

  const listed = page.locator('kaltura-uploader [part~="interrupted-upload"]');
  await listed.first().waitFor();
  assert.match((await listed.locator('[part~="interrupted-name"]').textContent()) ?? '', /^Recording \d{4}-\d\d-\d\d \d\d:\d\d\.(mp4|webm)$/);
  assert.equal(await listed.locator('[part~="interrupted-hint"]').count(), 0, 'no file to choose again');
  await listed.locator('[part~="continue-button"]').click();
  await page.waitForFunction(() => window.recorderPage.events.some((e) => e.type === 'kaltura-upload-complete'), undefined, { timeout: 60_000 });
  const { entryId } = (await page.evaluate(() => window.recorderPage.events)).find((e) => e.type === 'kaltura-upload-complete')!;
  const entry = await server.api.entryInfo(entryId!);
  assert.equal(entry?.size, before.bytes, 'the entry has every byte recorded before the reload');
  assert.equal(entry?.sha256, before.sha256, 'and exactly those');
  assert.deepEqual(await page.evaluate(() => window.recorderPage.storedPieces()), [], 'storage is empty once it is complete');
  assert.equal(await listed.count(), 0, 'it left the interrupted list');
  for (const value of await page.evaluate(() => window.recorderPage.storageValues())) assert.ok(!value.includes(ks), 'no KS in localStorage');
});

test('Forget on an interrupted recording removes its bytes from storage and deletes its token', { timeout: 120_000 }, async () => {
  const page = await openRecorder(FAKE_MEDIA_ARGS);
  await recordThenHold(page, 2);
  const tokenId = await page.evaluate(() => window.recorderPage.storageValues().map((v) => /"uploadTokenId":"([^"]+)"/.exec(v)?.[1]).find(Boolean));
  assert.ok(tokenId, 'the resume record names the token');
  await page.reload();
  await page.waitForFunction(() => window.recorderPage?.ready);
  await page.evaluate((k) => window.recorderPage.configure(k), server.api.startSession({ userId: 'recording-user' }));
  const listed = page.locator('kaltura-uploader [part~="interrupted-upload"]');
  await listed.first().waitFor();
  await listed.locator('[part~="forget-button"]').click();
  await listed.first().waitFor({ state: 'detached' });
  assert.deepEqual(await page.evaluate(() => window.recorderPage.storedPieces()), [], 'its bytes left storage');
  assert.equal((await server.api.tokenInfo(tokenId!))?.status, 5, 'the token is deleted');
});
