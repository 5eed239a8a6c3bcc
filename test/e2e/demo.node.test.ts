// The demo as a newcomer meets it: `npm run demo` (Vite with the local API mounted), a file chosen
// in the uploader, the new entry in the page's entry list; a video made in the page previewed,
// followed to "Ready to play", listed with its thumbnail and played by the page's <video>.
// Leaves a screenshot in test/output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { launchOptions } from '../chromium.mjs';
import { startDemo, type RunningDemo } from '../helpers/demo-server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const outputDir = path.join(root, 'test/output');

let demo: RunningDemo;
let url: string;
let browser: Browser;
let tmp: string;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-demo-e2e-'));
  demo = await startDemo(path.join(tmp, 'data'));
  url = demo.url;
  browser = await chromium.launch(launchOptions);
});

after(async () => {
  await browser?.close();
  demo?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/**
 * A new tab on the demo, once it is connected to the local API. `pageErrors` collects uncaught
 * errors and Content Security Policy reports (the demo is served with a strict policy).
 */
async function openDemo(): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => /Content Security Policy|Trusted Type/i.test(m.text()) && pageErrors.push(m.text()));
  await page.exposeFunction('reportViolation', (text: string) => pageErrors.push(text));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) =>
    (window as unknown as { reportViolation(t: string): void }).reportViolation(`CSP ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`)));
  const response = await page.goto(url);
  assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self';.*require-trusted-types-for 'script'; trusted-types lit-html/);
  await page.locator('body[data-connection="local"]').waitFor({ timeout: 30_000 });
  return { page, pageErrors };
}

test('a newcomer uploads a file on the demo page and sees its entry in the list', async () => {
  const { page, pageErrors } = await openDemo();

  const size = 3 * 1024 * 1024 + 17;
  const file = path.join(tmp, 'first-upload.mp4');
  fs.writeFileSync(file, crypto.randomBytes(size));
  const completed = waitForEvent<{ entryId: string }>(page, 'kaltura-upload-complete');

  // CSS locators pierce open shadow roots: this is the element's own <input type=file>.
  await page.locator('kaltura-uploader input[type=file]').setInputFiles(file);
  const { entryId } = await completed;
  assert.match(entryId, /\w/);

  const row = page.locator('kaltura-uploader li[data-state="complete"]');
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', new RegExp(`first-upload\\.mp4[\\s\\S]*${entryId}`));

  const listed = page.locator(`#entries tr[data-entry-id="${entryId}"]`);
  await listed.waitFor({ timeout: 30_000 });
  assert.equal(await listed.locator('td').nth(2).textContent(), 'first-upload.mp4');
  // The list keeps polling while the entry converts, so it comes to read "Ready" by itself.
  await listed.locator('td', { hasText: 'Ready' }).waitFor({ timeout: 30_000 });

  fs.mkdirSync(outputDir, { recursive: true });
  await page.emulateMedia({ reducedMotion: 'reduce' }); // progress bars at rest, not mid-transition
  await page.screenshot({ path: path.join(outputDir, 'demo-after-upload.png'), fullPage: true });
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('with "flaky network" and "expiring KS" switched on in the panel, the upload still lands', async () => {
  const { page, pageErrors } = await openDemo();

  await page.locator('#faults-panel summary').click();
  await page.getByLabel(/Flaky network/).check();
  await page.getByLabel(/Expiring KS/).check();
  await page.locator('#faults-status', { hasText: 'On: flaky network, expiring ks.' }).waitFor();
  const active = (await (await page.request.get(new URL('/__dev/faults', url).href)).json()) as { kind: string }[];
  assert.deepEqual(active.map((r) => r.kind).sort(), ['drop', 'expireKs', 'http503']);

  const file = path.join(tmp, 'under-fire.mp4');
  fs.writeFileSync(file, crypto.randomBytes(12 * 1024 * 1024 + 5));
  const completed = waitForEvent<{ entryId: string }>(page, 'kaltura-upload-complete');
  await page.locator('kaltura-uploader input[type=file]').setInputFiles(file);
  const { entryId } = await completed;
  await page.locator(`#entries tr[data-entry-id="${entryId}"]`).waitFor({ timeout: 30_000 });

  // The KS the page started with was refused, and the uploader carried on with a fresh one.
  const log = (await (await page.request.get(new URL('/__dev/requests', url).href)).json()) as { outcome: string }[];
  assert.ok(log.some((r) => r.outcome === 'INVALID_KS'), 'the expiring-KS fault fired');
  await page.getByLabel(/Flaky network/).uncheck();
  await page.getByLabel(/Expiring KS/).uncheck();
  await page.locator('#faults-status', { hasText: 'No faults' }).waitFor();
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('a video made in the page: previewed in its row, Processing then Ready to play, listed with its thumbnail, played', async () => {
  const { page, pageErrors } = await openDemo();
  const ready = waitForEvent<{ entryId: string }>(page, 'kaltura-entry-ready');
  // The page records a WebM from a canvas (the test helper, served by Vite) and adds it.
  await page.evaluate(async () => {
    const helper = '/test/helpers/media-files.ts'; // a URL on the demo's origin, not a Node path
    const { makeWebm } = (await import(/* @vite-ignore */ helper)) as typeof import('../helpers/media-files.ts');
    document.querySelector('kaltura-uploader')!.addFiles([await makeWebm('canvas-clip.webm', 1.5)]);
  });
  const row = page.locator('kaltura-uploader li', { hasText: 'canvas-clip.webm' });
  await row.locator('[part="poster"]').waitFor();
  assert.match((await row.locator('[part="media-info"]').textContent()) ?? '', /^0:0[12] · 320×240$/);
  await row.locator('[part="state"]', { hasText: 'Processing' }).waitFor({ timeout: 30_000 }); // the demo converts for 3 s
  const { entryId } = await ready;
  await row.locator('[part="state"]', { hasText: 'Ready to play' }).waitFor();
  await row.locator('[part="play-link"]').waitFor();

  const listed = page.locator(`#entries tr[data-entry-id="${entryId}"]`);
  await listed.locator('td', { hasText: 'Ready' }).waitFor({ timeout: 30_000 });
  const thumbnailWidth = () => listed.locator('img').evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));
  for (let i = 0; i < 50 && !(await thumbnailWidth()); i++) await page.waitForTimeout(100);
  assert.equal(await thumbnailWidth(), 320, 'the thumbnail is the poster the page made (320 px wide)');

  await listed.getByRole('button', { name: 'Play canvas-clip.webm' }).click();
  const player = page.locator('#player');
  await player.evaluate((video: HTMLVideoElement) =>
    video.readyState >= 1 ? undefined : new Promise((resolve, reject) => {
      video.addEventListener('loadedmetadata', resolve, { once: true });
      video.addEventListener('error', () => reject(new Error(`the player could not load ${video.src}`)), { once: true });
    }));
  const played = await player.evaluate((video: HTMLVideoElement) => ({ src: video.src, width: video.videoWidth, duration: video.duration }));
  assert.match(played.src, new RegExp(`/playManifest/entryId/${entryId}/format/url/protocol/http$`));
  assert.equal(played.width, 320);
  assert.ok(played.duration > 1 && played.duration < 3, `duration ${played.duration}`);
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test("Vite's own client and error overlay work under the demo's policy", async () => {
  const { page, pageErrors } = await openDemo();
  // The overlay Vite shows on a build error: its <style> carries the nonce the policy allows.
  const styled = await page.evaluate(() => {
    const Overlay = customElements.get('vite-error-overlay') as (new (err: { message: string; stack: string }) => HTMLElement) | undefined;
    if (!Overlay) return 'no overlay element';
    const overlay = new Overlay({ message: 'a test error', stack: '' });
    document.body.appendChild(overlay);
    const sheet = overlay.shadowRoot?.querySelector('style')?.sheet;
    return sheet && sheet.cssRules.length > 0 ? 'styled' : 'unstyled';
  });
  assert.equal(styled, 'styled');
  await page.waitForTimeout(200);
  assert.deepEqual(pageErrors, []);
  await page.close();
});

/** Resolves with the detail of the next `name` event from the page's uploader. */
function waitForEvent<T>(page: Page, name: string): Promise<T> {
  return page.evaluate(
    (type) =>
      new Promise<T>((resolve, reject) => {
        const el = document.querySelector('kaltura-uploader')!;
        el.addEventListener(type, (e) => resolve((e as CustomEvent).detail), { once: true });
        el.addEventListener('kaltura-upload-error', (e) => reject(new Error((e as CustomEvent).detail.error.message)), {
          once: true,
        });
      }),
    name,
  ) as Promise<T>;
}


