// Recording through <kaltura-uploader record> in a real Chromium with fake devices, where a test
// needs a browser of its own: a refused camera (no fake permission UI, a context that grants
// nothing) and no camera at all (a fake device count of 0).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { CHROMIUM_ARGS, CHROMIUM_PATH, FAKE_DEVICE_ARGS } from '../chromium.mjs';
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
