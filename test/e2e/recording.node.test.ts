// Recording through <kaltura-uploader record> in every engine, where a test needs a browser of its
// own (the driver's `media` launch option): a refused camera (Chromium without its fake permission
// UI, Firefox with the camera blocked), no camera at all (a fake device count of 0; Firefox without
// fake devices; WebKitGTK without mock devices), and a real reload mid-recording (what was recorded
// survives in IndexedDB and lands in an entry; or is forgotten). What an engine cannot do is
// skipped by trying it: a launch the engine has no setting for (MiniBrowser cannot refuse the
// camera), or a MediaRecorder that gives no bytes from the engine's fake camera.
import { after, before, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Driver, DriverPage, Engine, LaunchOptions } from '../drivers/page-driver.ts';
import { skipUnless, supported } from '../helpers/node-capability.ts';
import { eachEngine, type EngineRun } from './each-engine.ts';
import { startEnginePageServer, type EnginePageServer } from './engine-page-server.ts';

const RECORDER_PAGE = '/test/e2e/pages/recorder.html';
const UPLOADER = 'kaltura-uploader';

let server: EnginePageServer;

before(async () => {
  server = await startEnginePageServer({ pages: [RECORDER_PAGE] });
  await server.freshApi();
});
after(async () => {
  await server?.close();
});

/** The recorder page in a browser of its own launched with `media`; undefined (the test skipped) when the engine cannot be launched so. */
async function openRecorder(t: TestContext, run: EngineRun, media: LaunchOptions['media']): Promise<{ page: DriverPage; driver: Driver } | undefined> {
  let driver: Driver | undefined;
  if (!(await supported(t, async () => (driver = await run.launch({ media })), `needs a browser launched with media: ${media}`))) return undefined;
  const page = await driver!.newPage();
  await page.goto(server.url + RECORDER_PAGE);
  await page.waitForFunction(() => window.recorderPage?.ready);
  await page.evaluate((k) => window.recorderPage.configure(k), server.api.startSession({ userId: 'recording-user' }));
  return { page, driver: driver! };
}

/** The text of the first `selector` in the uploader's shadow root. */
const textOf = (page: DriverPage, selector: string) =>
  page.evaluate((s) => document.querySelector('kaltura-uploader')!.shadowRoot!.querySelector(s)?.textContent?.trim() ?? '', selector);

/** Presses Record camera and waits for the RECORDING_* error it ends in. */
async function recordingFails(page: DriverPage): Promise<{ code?: string; message: string; rows: number; requests: string[] }> {
  const since = Date.now();
  await page.click('[part~="record-camera-button"]', UPLOADER);
  await page.waitForFunction(() => window.recorderPage.events.some((e) => e.code?.startsWith('RECORDING_')), undefined, { timeout: 20_000 });
  const { code } = (await page.evaluate(() => window.recorderPage.events)).find((e) => e.code?.startsWith('RECORDING_'))!;
  const message = await textOf(page, '[part~="recorder-message"]');
  const rows = await page.evaluate(() => document.querySelector('kaltura-uploader')!.shadowRoot!.querySelectorAll('li[part~="file"]').length);
  const requests = server.api.requests.list().filter((r) => r.at >= since).map((r) => `${r.service}.${r.action}`);
  return { code, message, rows, requests };
}

const NO_BYTES = 'needs a MediaRecorder that gives bytes from the fake camera (none in 10 s)';
/** Engines whose recorder gave no bytes in an earlier test of this file: the next skips without trying again. */
const silentRecorders = new Set<Engine>();

/** The recording's bytes as the page's recorders gave them out. */
const recorded = async (page: DriverPage) => ({
  bytes: await page.evaluate(() => window.recorderPage.recordedBytes()),
  sha256: await page.evaluate(() => window.recorderPage.recordedSha256()),
});

/**
 * Records the camera for `seconds`, then holds the recorder still (no more pieces) and waits until
 * storage has every byte; false (the test skipped) when the engine's recorder gives no bytes.
 */
async function recordThenHold(t: TestContext, page: DriverPage, seconds: number, engine: Engine): Promise<{ bytes: number; sha256: string } | undefined> {
  await page.click('[part~="record-camera-button"]', UPLOADER);
  const gives = await page.waitForFunction(() => window.recorderPage.recordedBytes() > 0, undefined, { timeout: 10_000 }).then(() => true, () => false);
  if (!gives) silentRecorders.add(engine);
  if (skipUnless(t, gives, NO_BYTES)) return undefined;
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

/** Reloads the page and connects it again; resolves once the interrupted list shows. */
async function reloadAndList(page: DriverPage): Promise<void> {
  await page.reload();
  await page.waitForFunction(() => window.recorderPage?.ready);
  await page.evaluate((k) => window.recorderPage.configure(k), server.api.startSession({ userId: 'recording-user' }));
  await page.waitForFunction(() => !!document.querySelector('kaltura-uploader')!.shadowRoot!.querySelector('[part~="interrupted-upload"]'), undefined, { timeout: 20_000 });
}

eachEngine((run) => {
  test('the camera refused: RECORDING_NOT_ALLOWED under the buttons, no row, no request', { timeout: 60_000 }, async (t) => {
    const opened = await openRecorder(t, run, 'refused');
    if (!opened) return;
    const { page, driver } = opened;
    const failed = await recordingFails(page);
    assert.equal(failed.code, 'RECORDING_NOT_ALLOWED');
    assert.equal(failed.message, 'The recording could not start: access to the camera, microphone or screen was refused.');
    assert.equal(failed.rows, 0);
    assert.deepEqual(failed.requests, []);
    assert.equal(await page.evaluate(() => !document.querySelector('kaltura-uploader')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="record-camera-button"]')!.disabled), true, 'the person can try again');
    await driver.close();
  });

  test('no camera at all: RECORDING_NO_DEVICE', { timeout: 60_000 }, async (t) => {
    const opened = await openRecorder(t, run, 'none');
    if (!opened) return;
    const { page, driver } = opened;
    const failed = await recordingFails(page);
    assert.equal(failed.code, 'RECORDING_NO_DEVICE');
    assert.equal(failed.message, 'The recording could not start: no camera was found, or another program is using it.');
    assert.equal(failed.rows, 0);
    assert.deepEqual(failed.requests, []);
    await driver.close();
  });

  test('a reload 5 s into a recording: what was recorded stays in storage, and lands in an entry after the reload (Continue)', { timeout: 120_000 }, async (t) => {
    if (skipUnless(t, !silentRecorders.has(run.engine), `${NO_BYTES}, in an earlier test`)) return;
    const opened = await openRecorder(t, run, 'fake');
    if (!opened) return;
    const { page, driver } = opened;
    const before = await recordThenHold(t, page, 5, run.engine);
    if (!before) return driver.close();
    assert.ok(before.bytes > 50_000, `5 s of camera: ${before.bytes} bytes`);
    const storedBefore = await page.evaluate(() => window.recorderPage.storedPieces());
    const [key] = storedBefore[0]!;
    assert.match(key, /^stream:/);
    const ks = server.api.startSession({ userId: 'recording-user' });

    await reloadAndList(page);
    const stored = await page.evaluate(() => window.recorderPage.storedPieces());
    assert.ok(stored.some(([k, offset, size]) => k === key && offset + size === before.bytes), 'the recording is still in storage after the reload');
    assert.match(await textOf(page, '[part~="interrupted-upload"] [part~="interrupted-name"]'), /^Recording \d{4}-\d\d-\d\d \d\d:\d\d\.(mp4|webm)$/);
    assert.equal(await page.evaluate(() => document.querySelector('kaltura-uploader')!.shadowRoot!.querySelectorAll('[part~="interrupted-upload"] [part~="interrupted-hint"]').length), 0, 'no file to choose again');
    await page.click('[part~="interrupted-upload"] [part~="continue-button"]', UPLOADER);
    await page.waitForFunction(() => window.recorderPage.events.some((e) => e.type === 'kaltura-upload-complete'), undefined, { timeout: 60_000 });
    const { entryId } = (await page.evaluate(() => window.recorderPage.events)).find((e) => e.type === 'kaltura-upload-complete')!;
    const entry = await server.api.entryInfo(entryId!);
    assert.equal(entry?.size, before.bytes, 'the entry has every byte recorded before the reload');
    assert.equal(entry?.sha256, before.sha256, 'and exactly those');
    assert.deepEqual(await page.evaluate(() => window.recorderPage.storedPieces()), [], 'storage is empty once it is complete');
    await page.waitForFunction(() => !document.querySelector('kaltura-uploader')!.shadowRoot!.querySelector('[part~="interrupted-upload"]'), undefined, { timeout: 5000 });
    for (const value of await page.evaluate(() => window.recorderPage.storageValues())) assert.ok(!value.includes(ks), 'no KS in localStorage');
    await driver.close();
  });

  test('Forget on an interrupted recording removes its bytes from storage and deletes its token', { timeout: 120_000 }, async (t) => {
    if (skipUnless(t, !silentRecorders.has(run.engine), `${NO_BYTES}, in an earlier test`)) return;
    const opened = await openRecorder(t, run, 'fake');
    if (!opened) return;
    const { page, driver } = opened;
    if (!(await recordThenHold(t, page, 2, run.engine))) return driver.close();
    const tokenId = await page.evaluate(() => window.recorderPage.storageValues().map((v) => /"uploadTokenId":"([^"]+)"/.exec(v)?.[1]).find(Boolean));
    assert.ok(tokenId, 'the resume record names the token');
    await reloadAndList(page);
    await page.click('[part~="interrupted-upload"] [part~="forget-button"]', UPLOADER);
    await page.waitForFunction(() => !document.querySelector('kaltura-uploader')!.shadowRoot!.querySelector('[part~="interrupted-upload"]'), undefined, { timeout: 10_000 });
    assert.deepEqual(await page.evaluate(() => window.recorderPage.storedPieces()), [], 'its bytes left storage');
    assert.equal((await server.api.tokenInfo(tokenId!))?.status, 5, 'the token is deleted');
    await driver.close();
  });
}, null);
