// `npx tsx tools/screenshots/enrichment.ts`: pictures of a row with captions, categories and a
// custom-metadata profile's fields, on the demo (`npm run demo`, with the local API), by Debian's
// Chromium through Playwright, saved in docs/screenshots/:
//   enrichment-1-form.png      a waiting row in metadata mode: its caption (language choice),
//                              categories, conversion profile and the seeded profile's fields, after
//                              Upload was pressed with the required ones empty (marked, with messages)
//   enrichment-2-outcome.png   the same row once uploaded: the caption refused to the demo's plain
//                              user KS ("Captions not allowed for this session"), a category PENDING
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { launchOptions } from '../../test/chromium.mjs';
import { startDemo } from '../../test/helpers/demo-server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const outDir = path.join(root, 'docs/screenshots');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-screenshots-'));
const demo = await startDemo(path.join(tmp, 'data'));
const browser = await chromium.launch(launchOptions);
try {
  fs.mkdirSync(outDir, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 }, deviceScaleFactor: 1 });
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' });
  await page.goto(demo.url);
  await page.locator('body[data-connection="local"]').waitFor({ timeout: 30_000 });
  await page.evaluate(async () => {
    const ks = await (await fetch('/__dev/session', { method: 'POST' })).json();
    for (const old of document.querySelectorAll('kaltura-uploader')) old.remove();
    const el = document.createElement('kaltura-uploader') as unknown as HTMLElement & Record<string, unknown>;
    el.id = 'enrich';
    el.setAttribute('metadata', '');
    el.setAttribute('metadata-profile-id', '7');
    el.setAttribute('category-ids', '12');
    Object.assign(el, {
      serviceUrl: location.origin, ks,
      categoryChoices: [{ id: 12, fullName: 'Courses>Biology' }, { id: 13, fullName: 'Courses>Physics' }, { id: 14, fullName: 'Reviewed' }],
      conversionProfileChoices: [{ id: 1001, name: 'Default' }, { id: 1002, name: 'Audio only' }],
      style: 'display:block;max-width:760px;margin:1rem',
    });
    document.body.prepend(el);
    await (el as unknown as { updateComplete: Promise<void> }).updateComplete;
    const video = new File([new Uint8Array(300_000)], 'cell-division.mp4', { type: 'video/mp4' });
    (el as unknown as { addFiles(f: File[]): void }).addFiles([video]);
  });
  const row = page.locator('#enrich li[part~="file"]');
  await row.locator('select[id^="md-Department-"]').waitFor({ timeout: 30_000 });
  await page.evaluate(() => {
    const el = document.querySelector('#enrich') as HTMLElement & { addFiles(f: File[]): void };
    el.addFiles([new File(['1\n00:00:00,000 --> 00:00:02,000\nMitosis begins\n'], 'cell-division.srt')]);
  });
  await row.locator('[part="captions"] select').waitFor();
  await row.locator('[part="categories"] label', { hasText: 'Reviewed' }).locator('input').check();
  await page.locator('#enrich [part~="start-button"]').click();
  await row.locator('[part="fields-incomplete"]').waitFor();
  await row.locator('textarea[id^="md-Keywords-"]').fill('cells\nmitosis');
  await row.screenshot({ path: path.join(outDir, 'enrichment-1-form.png') });
  console.log('docs/screenshots/enrichment-1-form.png');

  await row.locator('select[id^="md-Department-"]').selectOption('Biology');
  await row.locator('input[id^="md-RecordedOn-"]').fill('2026-03-04');
  await row.locator('[part="enrichment-outcome"]').waitFor({ timeout: 60_000 });
  await row.screenshot({ path: path.join(outDir, 'enrichment-2-outcome.png') });
  console.log('docs/screenshots/enrichment-2-outcome.png');
} finally {
  await browser.close();
  demo.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
