// The demo as a newcomer meets it, in each engine: `npm run demo` (Vite with the local API
// mounted), a file chosen in the uploader, the new entry in the page's entry list; a video made in
// the page previewed, followed to "Ready to play", listed with its thumbnail and played by the
// page's <video>. Leaves a screenshot per engine in test/output/. Uncaught errors and CSP
// violations are heard from the document's first moment where the driver runs a script before
// the page's (Chromium, Firefox), in WebKit from the page's load on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DriverPage } from '../drivers/page-driver.ts';
import { startDemo, type RunningDemo } from '../helpers/demo-server.ts';
import { eachEngine } from './each-engine.ts';

const root = path.resolve(import.meta.dirname, '../..');
const outputDir = path.join(root, 'test/output');

let demo: RunningDemo;
let url: string;
let tmp: string;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-demo-e2e-'));
  demo = await startDemo(path.join(tmp, 'data'));
  url = demo.url;
  const policy = (await fetch(url)).headers.get('content-security-policy') ?? '';
  assert.match(policy, /script-src 'self';.*require-trusted-types-for 'script'; trusted-types lit-html/);
});

after(async () => {
  demo?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

declare global {
  interface Window {
    /** The uploader's complete, ready and error events, in order (kept by the test). */
    demoEvents?: { type: string; entryId?: string; message?: string }[];
  }
}

/** Resolves with the first `type` event's detail from the uploader after `from` events, or throws on an upload error. */
async function nextEvent(page: DriverPage, type: string, from = 0): Promise<{ entryId: string }> {
  await page.waitForFunction(([t, f]) => window.demoEvents!.slice(f).some((e) => e.type === t || e.type === 'kaltura-upload-error'), [type, from] as const, { timeout: 90_000, polling: 100 });
  const seen = (await page.evaluate(() => window.demoEvents!)).slice(from);
  const error = seen.find((e) => e.type === 'kaltura-upload-error');
  if (error) throw new Error(`the upload failed: ${error.message}`);
  return seen.find((e) => e.type === type) as { entryId: string };
}

/** The text of the first `selector` inside the uploader's shadow root (of the row that has `rowText`, when given), or undefined. */
function inUploader(page: DriverPage, selector: string, rowText?: string): Promise<string | undefined> {
  return page.evaluate(([s, r]) => {
    const rows = [...document.querySelector('kaltura-uploader')!.shadowRoot!.querySelectorAll('li')].filter((li) => !r || li.textContent!.includes(r));
    for (const row of rows) {
      const found = row.matches(s) ? row : row.querySelector(s);
      if (found) return found.textContent ?? '';
    }
    return undefined;
  }, [selector, rowText ?? null] as const);
}

eachEngine((run) => {
  /** A new tab on the demo, once it is connected to the local API, its uploader's events kept. */
  async function openDemo(): Promise<DriverPage> {
    const page = await run.driver.newPage({ width: 1280, height: 900 });
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.connection === 'local', undefined, { timeout: 30_000 });
    await page.evaluate(() => {
      const events: NonNullable<Window['demoEvents']> = (window.demoEvents = []);
      const el = document.querySelector('kaltura-uploader')!;
      for (const type of ['kaltura-upload-complete', 'kaltura-entry-ready', 'kaltura-upload-error']) {
        el.addEventListener(type, (e) => {
          const detail = (e as CustomEvent).detail;
          events.push({ type, entryId: detail.entryId, message: detail.error?.message });
        });
      }
    });
    return page;
  }

  test('a newcomer uploads a file on the demo page and sees its entry in the list', async () => {
    const page = await openDemo();
    const size = 3 * 1024 * 1024 + 17;
    const file = path.join(tmp, 'first-upload.mp4');
    fs.writeFileSync(file, crypto.randomBytes(size));

    // The element's own <input type=file>, in its shadow root.
    await page.setInputFiles([file], 'input[type=file]', 'kaltura-uploader');
    const { entryId } = await nextEvent(page, 'kaltura-upload-complete');
    assert.match(entryId, /\w/);

    await page.waitForFunction(() => !!document.querySelector('kaltura-uploader')!.shadowRoot!.querySelector('li[data-state="complete"]'));
    assert.match((await inUploader(page, 'li[data-state="complete"]')) ?? '', new RegExp(`first-upload\\.mp4[\\s\\S]*${entryId}`));

    const cells = (id: string) => page.evaluate((i) => [...document.querySelectorAll(`#entries tr[data-entry-id="${i}"] td`)].map((td) => td.textContent ?? ''), id);
    await page.waitForFunction((i) => !!document.querySelector(`#entries tr[data-entry-id="${i}"]`), entryId, { timeout: 30_000 });
    assert.equal((await cells(entryId))[2], 'first-upload.mp4');
    // The list keeps polling while the entry converts, so it comes to read "Ready" by itself.
    await page.waitForFunction((i) => [...document.querySelectorAll(`#entries tr[data-entry-id="${i}"] td`)].some((td) => td.textContent!.includes('Ready')), entryId, { timeout: 30_000 });

    fs.mkdirSync(outputDir, { recursive: true });
    await page.screenshot(path.join(outputDir, `demo-after-upload-${run.engine}.png`), { fullPage: run.driver.can.fullPage });
    assert.deepEqual(await page.problems(), []);
    await page.close();
  });

  test('with "flaky network" and "expiring KS" switched on in the panel, the upload still lands', async () => {
    const page = await openDemo();
    const status = (text: string) => page.waitForFunction((t) => document.querySelector('#faults-status')!.textContent!.includes(t), text);

    await page.click('#faults-panel summary');
    await page.click('#faults input[value="flaky"]');
    await page.click('#faults input[value="expiring-ks"]');
    await status('On: flaky network, expiring ks.');
    const active = (await (await fetch(new URL('/__dev/faults', url))).json()) as { kind: string }[];
    assert.deepEqual(active.map((r) => r.kind).sort(), ['drop', 'expireKs', 'http503']);

    const file = path.join(tmp, 'under-fire.mp4');
    fs.writeFileSync(file, crypto.randomBytes(12 * 1024 * 1024 + 5));
    await page.setInputFiles([file], 'input[type=file]', 'kaltura-uploader');
    const { entryId } = await nextEvent(page, 'kaltura-upload-complete');
    await page.waitForFunction((i) => !!document.querySelector(`#entries tr[data-entry-id="${i}"]`), entryId, { timeout: 30_000 });

    // The KS the page started with was refused, and the uploader carried on with a fresh one.
    const log = (await (await fetch(new URL('/__dev/requests', url))).json()) as { outcome: string }[];
    assert.ok(log.some((r) => r.outcome === 'INVALID_KS'), 'the expiring-KS fault fired');
    await page.click('#faults input[value="flaky"]');
    await page.click('#faults input[value="expiring-ks"]');
    await status('No faults');
    assert.deepEqual(await page.problems(), []);
    await page.close();
  });

  test('a video made in the page: previewed in its row, Processing then Ready to play, listed with its thumbnail, played', async () => {
    const page = await openDemo();
    // The page records a WebM from a canvas (the test helper, served by Vite) and adds it.
    await page.evaluate(async () => {
      const helper = '/test/helpers/media-files.ts'; // a URL on the demo's origin, not a Node path
      const { makeWebm } = (await import(/* @vite-ignore */ helper)) as typeof import('../helpers/media-files.ts');
      document.querySelector('kaltura-uploader')!.addFiles([await makeWebm('canvas-clip.webm', 1.5)]);
    });
    const ROW = 'canvas-clip.webm';
    const rowHas = (selector: string, text = '', timeout = 30_000) => page.waitForFunction(([s, t, r]) =>
      [...document.querySelector('kaltura-uploader')!.shadowRoot!.querySelectorAll('li')].some((li) => li.textContent!.includes(r) && [...li.querySelectorAll(s)].some((n) => n.textContent!.includes(t))), [selector, text, ROW] as const, { timeout });
    await rowHas('[part="poster"]');
    assert.match((await inUploader(page, '[part="media-info"]', ROW)) ?? '', /^0:0[12] · 320×240$/);
    await rowHas('[part="state"]', 'Processing'); // the demo converts for 3 s
    const { entryId } = await nextEvent(page, 'kaltura-entry-ready');
    await rowHas('[part="state"]', 'Ready to play');
    await rowHas('[part="play-link"]');

    await page.waitForFunction((i) => [...document.querySelectorAll(`#entries tr[data-entry-id="${i}"] td`)].some((td) => td.textContent!.includes('Ready')), entryId, { timeout: 30_000 });
    const thumbnailWidth = () => page.evaluate((i) => {
      const img = document.querySelector<HTMLImageElement>(`#entries tr[data-entry-id="${i}"] img`);
      return img?.complete ? img.naturalWidth : 0;
    }, entryId);
    for (let i = 0; i < 50 && !(await thumbnailWidth()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await thumbnailWidth(), 320, 'the thumbnail is the poster the page made (320 px wide)');

    await page.click(`#entries tr[data-entry-id="${entryId}"] button[aria-label="Play canvas-clip.webm"]`);
    await page.waitForFunction(() => {
      const video = document.querySelector<HTMLVideoElement>('#player')!;
      if (video.error) throw new Error(`the player could not load ${video.src}`);
      return video.readyState >= 1;
    }, undefined, { timeout: 30_000 });
    const played = await page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('#player')!;
      return { src: video.src, width: video.videoWidth, duration: video.duration };
    });
    assert.match(played.src, new RegExp(`/playManifest/entryId/${entryId}/format/url/protocol/http$`));
    assert.equal(played.width, 320);
    assert.ok(played.duration > 1 && played.duration < 3, `duration ${played.duration}`);
    assert.deepEqual(await page.problems(), []);
    await page.close();
  });

  test("Vite's own client and error overlay work under the demo's policy", async () => {
    const page = await openDemo();
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
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await page.problems(), []);
    await page.close();
  });
});
