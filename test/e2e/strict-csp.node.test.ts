// Strict pages: <kaltura-uploader> on a page served with
//   default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self';
//   require-trusted-types-for 'script'; trusted-types lit-html
// uploads files with no CSP violation (no `securitypolicyviolation` event, no console report), and
// the entries hold exactly the files. Such a policy has no `blob:` for images and media, so the
// page sets `no-preview`; a page that allows `blob:` there keeps its previews, with no violation
// either. In each engine, the real local API on the page's origin. Violations are heard from the
// document's first moment where the driver runs a script before the page's (Chromium, Firefox);
// in WebKit (WebDriver classic) from the page's load on, which is before any file is picked.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eachEngine } from './each-engine.ts';
import { startEnginePageServer, type EnginePageServer } from './engine-page-server.ts';
import type { Driver } from '../drivers/page-driver.ts';

const PAGE = '/test/e2e/pages/strict.html';
export const STRICT_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self'",
  "require-trusted-types-for 'script'", 'trusted-types lit-html',
].join('; ');

/** The same, with what previews need: picked files read from blob: URLs. */
export const STRICT_CSP_WITH_PREVIEWS = STRICT_CSP.replace("img-src 'self'", "img-src 'self' blob:; media-src 'self' blob:");
const PREVIEW_PAGE = '/test/e2e/pages/strict.html?previews';

let server: EnginePageServer;
let tmp: string;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-e2e-strict-'));
  server = await startEnginePageServer({
    pages: [PAGE, PREVIEW_PAGE],
    pageHeaders: { [PAGE]: { 'Content-Security-Policy': STRICT_CSP }, [PREVIEW_PAGE]: { 'Content-Security-Policy': STRICT_CSP_WITH_PREVIEWS } },
  });
});
after(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

eachEngine((run) => {
  test('the element uploads on a strict-CSP page with no violation, and the entries hold the files', () => uploadOnStrictPage(run.driver, PAGE, STRICT_CSP, true));

  test('with blob: allowed for images and media, previews are read too, still with no violation', () => uploadOnStrictPage(run.driver, PREVIEW_PAGE, STRICT_CSP_WITH_PREVIEWS, false));
});

async function uploadOnStrictPage(driver: Driver, page_: string, policy: string, noPreview: boolean): Promise<void> {
  const api = await server.freshApi({ conversionMs: 0 });
  assert.equal((await fetch(server.url + page_)).headers.get('content-security-policy'), policy);
  const page = await driver.newPage();
  try {
    await page.goto(server.url + page_);
    await page.waitForFunction(() => window.strict?.ready);
    await page.evaluate(([off, ks]) => {
      document.querySelector('kaltura-uploader')!.noPreview = off;
      window.strict.ks = ks;
    }, [noPreview, api.startSession({ userId: 'strict' })] as const);

    const dir = fs.mkdtempSync(path.join(tmp, 'pick-'));
    const files = [
      { name: 'strict-a.mp4', buffer: crypto.randomBytes(3 * 1024 * 1024 + 11) },
      { name: 'strict-b.mp4', buffer: crypto.randomBytes(200 * 1024) },
    ];
    for (const file of files) fs.writeFileSync(path.join(dir, file.name), file.buffer);
    await page.setInputFiles(files.map((f) => path.join(dir, f.name)), 'input[type=file]', 'kaltura-uploader');
    await page.waitForFunction(() => window.strict.completed.length + window.strict.errors.length >= 2, undefined, { timeout: 60_000 });
    assert.deepEqual(await page.evaluate(() => window.strict.errors), []);
    const completed = await page.evaluate(() => window.strict.completed);
    for (const file of files) {
      const done = completed.find((c) => c.name === file.name);
      assert.ok(done, `${file.name} completed`);
      const entry = await api.entryInfo(done.entryId);
      assert.equal(entry?.sha256, crypto.createHash('sha256').update(file.buffer).digest('hex'), `${file.name}: the entry holds exactly the file`);
    }
    assert.deepEqual(await page.evaluate(() => window.strict.barFill()), ['1', '1'], 'the progress bars were filled (through the CSSOM)');
    await new Promise((r) => setTimeout(r, 200)); // a late report (the thumbnail's load) still counts
    assert.deepEqual(await page.problems(), []);
  } finally {
    await page.close();
  }
}
