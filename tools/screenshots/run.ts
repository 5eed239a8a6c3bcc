// `npm run screenshots`: pictures of one uploader row before, during and after its upload, taken on
// the demo (`npm run demo`, with the local API) by Debian's Chromium through Playwright, and saved
// in docs/screenshots/ (committed, so the README and reviews can show them):
//   row-1-before.png      waiting for Upload: the poster frame, duration and frame size read in the browser
//   row-2-uploading.png   bytes moving (a bandwidth fault of the local API keeps it slow enough to catch)
//   row-3-processing.png  uploaded, the entry converting ("Processing")
//   row-4-ready.png       "Ready to play", with the entry's thumbnail and the Play link
//   demo-player.png       the whole demo: the entry list with thumbnails, the chosen entry in the player
// Then the demo in each engine at 1280 and 375 px wide, into docs/screenshots/<engine>/ (engines.ts).
// `SHOTS=engines` takes only those; KCU_ENGINES=webkit only that engine's.
// The video is recorded in the page from an animated canvas (test/helpers/media-files.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { launchOptions } from '../../test/chromium.mjs';
import { startDemo } from '../../test/helpers/demo-server.ts';
import { engineScreenshots } from './engines.ts';

const root = path.resolve(import.meta.dirname, '../..');
const outDir = path.join(root, 'docs/screenshots');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-screenshots-'));
if (process.env.SHOTS !== 'engines') await rowScreenshots();
await engineScreenshots();

async function rowScreenshots(): Promise<void> {
const demo = await startDemo(path.join(tmp, 'data'));
const browser = await chromium.launch(launchOptions);
try {
  fs.mkdirSync(outDir, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' });
  await page.goto(demo.url);
  await page.locator('body[data-connection="local"]').waitFor({ timeout: 30_000 });
  const faults = (rules: unknown[]) => page.request.post(new URL('/__dev/faults', demo.url).href, { data: rules });

  await page.evaluate(async () => {
    const helper = '/test/helpers/media-files.ts'; // a URL on the demo's origin, not a Node path
    const { makeWebm } = (await import(/* @vite-ignore */ helper)) as typeof import('../../test/helpers/media-files.ts');
    const uploader = document.querySelector('kaltura-uploader')!;
    Object.assign(uploader, { manual: true, chunkSize: 2048, concurrency: 1 }); // a recorded canvas is small: many chunks
    uploader.addFiles([await makeWebm('sunset-timelapse.webm', 3, 640, 360)]);
  });
  const row = page.locator('kaltura-uploader li');
  const shot = async (name: string) => {
    await row.screenshot({ path: path.join(outDir, name) });
    console.log(`docs/screenshots/${name}`);
  };
  await row.locator('[part="poster"]').waitFor();
  await row.locator('[part="media-info"]').waitFor();
  await shot('row-1-before.png');

  await faults([{ kind: 'bandwidth', action: 'upload', bytesPerSecond: 1500 }]);
  await page.evaluate(() => document.querySelector('kaltura-uploader')!.start());
  await page.waitForFunction(() => {
    const bar = document.querySelector('kaltura-uploader')!.shadowRoot!.querySelector('[role="progressbar"]');
    return Number(bar?.getAttribute('aria-valuenow')) >= 35;
  }, undefined, { timeout: 60_000 });
  await row.locator('[part="details"]', { hasText: 'left' }).waitFor({ timeout: 30_000 });
  await shot('row-2-uploading.png');
  await faults([]);

  await row.locator('[part="state"]', { hasText: 'Processing' }).waitFor({ timeout: 60_000 });
  await shot('row-3-processing.png');

  await row.locator('[part="state"]', { hasText: 'Ready to play' }).waitFor({ timeout: 60_000 });
  await row.locator('[part="thumbnail"]').evaluate((img: HTMLImageElement) => img.decode());
  await shot('row-4-ready.png');

  const listed = page.locator('#entries tbody tr').first();
  await listed.locator('td', { hasText: 'Ready' }).waitFor({ timeout: 30_000 });
  await listed.locator('img').evaluate((img: HTMLImageElement) => img.decode());
  await listed.getByRole('button', { name: /^Play / }).click();
  await page.locator('#player').evaluate((video: HTMLVideoElement) => {
    video.pause();
    return video.readyState >= 2 ? undefined : new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
  });
  await page.screenshot({ path: path.join(outDir, 'demo-player.png'), fullPage: true });
  console.log('docs/screenshots/demo-player.png');
} finally {
  await browser.close();
  demo.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
}
