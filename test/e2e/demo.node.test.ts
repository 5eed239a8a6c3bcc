// The demo as a newcomer meets it: `npm run demo` (Vite with the local API mounted), a file chosen
// in the uploader, the new entry in the page's entry list. Leaves a screenshot in test/output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { launchOptions } from '../chromium.mjs';
import { freePort } from '../helpers/free-port.ts';

const root = path.resolve(import.meta.dirname, '../..');
const outputDir = path.join(root, 'test/output');

let demo: ChildProcess;
let url: string;
let browser: Browser;
let tmp: string;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-demo-e2e-'));
  const port = await freePort();
  // Its own process group, so stopping it also stops the vite process npm starts.
  demo = spawn('npm', ['run', 'demo'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), NO_OPEN: '1', KALTURA_DATA_DIR: path.join(tmp, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  url = await demoUrl(demo);
  browser = await chromium.launch(launchOptions);
});

after(async () => {
  await browser?.close();
  if (demo?.pid) {
    try {
      process.kill(-demo.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
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
  assert.equal(await listed.locator('td').nth(1).textContent(), 'first-upload.mp4');
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


/** The URL Vite prints once it listens. */
function demoUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`npm run demo printed no URL in 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString().replace(/\x1b\[[0-9;]*m/g, '');
      const match = /http:\/\/(?:127\.0\.0\.1|localhost):\d+\/?/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm run demo exited with ${code}:\n${out}`)));
  });
}
