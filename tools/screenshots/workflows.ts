// `npx tsx tools/screenshots/workflows.ts`: pictures of replacing media and importing links, taken on
// the demo (`npm run demo`, with the local API) by Debian's Chromium through Playwright, saved in
// docs/screenshots/:
//   replace-1-replacing.png   the Replace media uploader's row while the new media converts ("Replacing")
//   replace-2-ready.png       the replacement done: "Ready to play", same entry id
//   replace-3-approval.png    a partner that needs approval: "Waiting for approval"
//   demo-replace-media.png    the whole demo: entries with Replace media, the Replace media card, the player
//   import-1-row.png          the "Import from link" field and an import row while Kaltura imports it
//   import-2-ready.png        the imported entry ready to play
//   import-3-refused.png      a javascript: link refused before any request
// Videos are recorded in the page from an animated canvas (test/helpers/media-files.ts); the import
// link is served by a plain HTTP server on loopback started here.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Locator } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { launchOptions } from '../../test/chromium.mjs';
import { startDemo } from '../../test/helpers/demo-server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const outDir = path.join(root, 'docs/screenshots');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-screenshots-'));
const demo = await startDemo(path.join(tmp, 'data'));
let clip = Buffer.alloc(0);
const web = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'video/webm', 'Content-Length': clip.length }).end(clip));
await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch(launchOptions);
try {
  fs.mkdirSync(outDir, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' });
  await page.goto(demo.url);
  await page.locator('body[data-connection="local"]').waitFor({ timeout: 30_000 });
  const options = (data: unknown) => page.request.post(new URL('/__dev/options', demo.url).href, { data });
  const shot = async (what: Locator, name: string) => {
    await what.screenshot({ path: path.join(outDir, name) });
    console.log(`docs/screenshots/${name}`);
  };
  /** Adds recorded canvas videos to an uploader (`#uploader` or `#replacer`). */
  const addVideo = (selector: string, name: string, seconds: number) => page.evaluate(async ([selector, name, seconds]) => {
    const helper = '/test/helpers/media-files.ts'; // a URL on the demo's origin, not a Node path
    const { makeWebm } = (await import(/* @vite-ignore */ helper)) as typeof import('../../test/helpers/media-files.ts');
    document.querySelector<import('../../src/element/kaltura-uploader.ts').KalturaUploaderElement>(selector)!.addFiles([await makeWebm(name, Number(seconds), 640, 360)]);
  }, [selector, name, String(seconds)] as const);

  // An entry to replace: an ordinary upload.
  await options({ conversionMs: 500, replacementApproval: false });
  await addVideo('#uploader', 'beach-day.webm', 1);
  const first = page.locator('#entries tbody tr').first();
  await first.locator('td', { hasText: 'Ready' }).waitFor({ timeout: 60_000 });

  // Replace media: the new media converts for a while, so "Replacing" can be seen.
  await options({ conversionMs: 6000 });
  await first.getByRole('button', { name: /^Play / }).click();
  await first.getByRole('button', { name: /^Replace media / }).click();
  await addVideo('#replacer', 'beach-day-recut.webm', 2);
  const replaceRow = page.locator('#replacer li');
  await replaceRow.locator('[part="state"]', { hasText: 'Replacing' }).waitFor({ timeout: 60_000 });
  await replaceRow.locator('[part="state"]', { hasText: 'Replacing' }).waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('#replacer')!.shadowRoot!.querySelector('[data-state="finalizing"]'), undefined, { timeout: 60_000 });
  await shot(replaceRow, 'replace-1-replacing.png');
  await replaceRow.locator('[part="state"]', { hasText: 'Ready to play' }).waitFor({ timeout: 60_000 });
  await replaceRow.locator('[part="thumbnail"]').evaluate((img: HTMLImageElement) => img.decode()).catch(() => undefined);
  await shot(replaceRow, 'replace-2-ready.png');
  // The player shows the new media (its dataUrl changed with it).
  await page.waitForFunction(() => /\/version\/1$/.test((document.querySelector('#player') as HTMLVideoElement).src), undefined, { timeout: 30_000 });
  await page.locator('#player').evaluate((video: HTMLVideoElement) => {
    video.pause();
    return video.readyState >= 2 ? undefined : new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
  });
  await page.screenshot({ path: path.join(outDir, 'demo-replace-media.png'), fullPage: true });
  console.log('docs/screenshots/demo-replace-media.png');

  // A partner that needs approval.
  await options({ conversionMs: 300, replacementApproval: true });
  await page.evaluate(() => {
    const el = document.querySelector<HTMLElement & { cancel(): void }>('#replacer')!;
    (el as unknown as { formResetCallback(): void }).formResetCallback();
  });
  await addVideo('#replacer', 'beach-day-final.webm', 1);
  const approvalRow = page.locator('#replacer li', { hasText: 'beach-day-final.webm' });
  await approvalRow.locator('[part="state"]', { hasText: 'Waiting for approval' }).waitFor({ timeout: 60_000 });
  await shot(approvalRow, 'replace-3-approval.png');
  await options({ replacementApproval: false, conversionMs: 4000 });

  // Import from link: the link is the recorded clip, served on loopback.
  clip = Buffer.from(await page.evaluate(async () => {
    const helper = '/test/helpers/media-files.ts';
    const { makeWebm } = (await import(/* @vite-ignore */ helper)) as typeof import('../../test/helpers/media-files.ts');
    return [...new Uint8Array(await (await makeWebm('x.webm', 1, 640, 360)).arrayBuffer())];
  }));
  const link = `http://127.0.0.1:${(web.address() as AddressInfo).port}/clips/harbour-tour.webm`;
  const uploader = page.locator('#uploader');
  await page.evaluate(() => (document.querySelector('#uploader') as unknown as { formResetCallback(): void }).formResetCallback());
  const form = uploader.locator('[part~="link-form"]');
  await form.locator('input').fill(link);
  await form.locator('button').click();
  const importRow = page.locator('#uploader li', { hasText: 'harbour-tour.webm' });
  await importRow.locator('[part="state"]', { hasText: 'Processing' }).waitFor({ timeout: 60_000 });
  await shot(uploader, 'import-1-row.png');
  await importRow.locator('[part="state"]', { hasText: 'Ready to play' }).waitFor({ timeout: 60_000 });
  await shot(importRow, 'import-2-ready.png');
  await form.locator('input').fill('javascript:alert(document.cookie)');
  await form.locator('button').click();
  await form.locator('[role="alert"]').waitFor();
  await shot(form, 'import-3-refused.png');
} finally {
  await browser.close();
  web.close();
  demo.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
