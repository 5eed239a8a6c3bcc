// Strict pages: <kaltura-uploader> on a page served with
//   default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self';
//   require-trusted-types-for 'script'; trusted-types lit-html
// uploads files with no CSP violation (no `securitypolicyviolation` event, no console report), and
// the entries hold exactly the files. Such a policy has no `blob:` for images and media, so the
// page sets `no-preview`; a page that allows `blob:` there keeps its previews, with no violation
// either. Real Chromium, the real local API on the page's origin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { chromium, type Browser } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { launchOptions } from '../chromium.mjs';
import { startEnginePageServer, type EnginePageServer } from './engine-page-server.ts';

const PAGE = '/test/e2e/pages/strict.html';
export const STRICT_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self'",
  "require-trusted-types-for 'script'", 'trusted-types lit-html',
].join('; ');

/** The same, with what previews need: picked files read from blob: URLs. */
export const STRICT_CSP_WITH_PREVIEWS = STRICT_CSP.replace("img-src 'self'", "img-src 'self' blob:; media-src 'self' blob:");
const PREVIEW_PAGE = '/test/e2e/pages/strict.html?previews';

let server: EnginePageServer;
let browser: Browser;

before(async () => {
  server = await startEnginePageServer({
    pages: [PAGE, PREVIEW_PAGE],
    pageHeaders: { [PAGE]: { 'Content-Security-Policy': STRICT_CSP }, [PREVIEW_PAGE]: { 'Content-Security-Policy': STRICT_CSP_WITH_PREVIEWS } },
  });
  browser = await chromium.launch(launchOptions);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the element uploads on a strict-CSP page with no violation, and the entries hold the files', () => uploadOnStrictPage(PAGE, STRICT_CSP, true));

test('with blob: allowed for images and media, previews are read too, still with no violation', () => uploadOnStrictPage(PREVIEW_PAGE, STRICT_CSP_WITH_PREVIEWS, false));

async function uploadOnStrictPage(path: string, policy: string, noPreview: boolean): Promise<void> {
  const api = await server.freshApi({ conversionMs: 0 });
  const page = await browser.newPage();
  const reports: string[] = [];
  page.on('console', (m) => /Content Security Policy|Trusted Type|Refused to/i.test(m.text()) && reports.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => reports.push(`page error: ${e.message}`));
  // Before any of the page's own scripts: violations of the document's earliest moments count too.
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { violations: string[] }).violations = []);
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} ${e.sample}`));
  });
  await page.exposeFunction('newKs', () => api.startSession({ userId: 'strict' }));
  const response = await page.goto(server.url + path);
  assert.equal(response?.headers()['content-security-policy'], policy);
  await page.waitForFunction(() => window.strict?.ready);
  await page.evaluate((off) => void (document.querySelector('kaltura-uploader')!.noPreview = off), noPreview);

  const files = [
    { name: 'strict-a.mp4', mimeType: 'video/mp4', buffer: crypto.randomBytes(3 * 1024 * 1024 + 11) },
    { name: 'strict-b.mp4', mimeType: 'video/mp4', buffer: crypto.randomBytes(200 * 1024) },
  ];
  await page.locator('kaltura-uploader input[type=file]').setInputFiles(files);
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
  await page.waitForTimeout(200); // a late report (the thumbnail's load) still counts
  const violations = await page.evaluate(() => (window as unknown as { violations: string[] }).violations);
  assert.deepEqual([...violations, ...reports], []);
  await page.close();
}
