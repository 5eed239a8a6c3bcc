// A Chromium whose tabs can really go to the background, for the e2e tests and the bench that need
// a hidden page (timers throttled as Chromium throttles them, `document.visibilityState` hidden,
// freezing through the page lifecycle). Playwright's own launch cannot give one: it starts Chromium
// with `--disable-background-timer-throttling` and `--disable-renderer-backgrounding`, and turns on
// focus emulation (`Emulation.setFocusEmulationEnabled`), which keeps every page visible. So we
// start Debian's Chromium ourselves with a DevTools port, attach with `connectOverCDP` and
// `noDefaults` (no focus emulation in the default context), and hide a page by opening another
// tab in front of it in the same window, as a person does.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';

export interface TabbedBrowser {
  browser: Browser;
  context: BrowserContext;
  /** The first tab: the one tests send to the background and bring back. */
  page: Page;
  /** A DevTools session on `page`. */
  cdp: CDPSession;
  /** Opens a blank tab in front of `page` (same window): `page` becomes hidden and throttled. */
  toBackground(): Promise<void>;
  /** Brings `page` to the front again: visible. */
  toFront(): Promise<void>;
  /** `Page.setWebLifecycleState`: freezes `page` (it must be hidden) or lets it run again (`freeze` / `resume` events). */
  setFrozen(frozen: boolean): Promise<void>;
  close(): Promise<void>;
}

export async function launchWithTabs(): Promise<TabbedBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-tabs-'));
  // Its own process group, so stopping it also stops its helper processes (renderers, network).
  const child = spawn(CHROMIUM_PATH, ['--headless', ...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.once('exit', stop);
  let err = '';
  const wsUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools URL in 30 s:\n${err}`)), 30_000);
    child.stderr!.on('data', (d) => {
      err += d;
      const m = /DevTools listening on (ws:\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${err}`)));
  });
  // isLocal: files picked with setInputFiles go by path, as in a normal launch.
  const browser = await chromium.connectOverCDP(wsUrl, { noDefaults: true, isLocal: true });
  const context = browser.contexts()[0]!;
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  let front: string | undefined;
  return {
    browser, context, page, cdp,
    async toBackground() {
      front ??= (await cdp.send('Target.createTarget', { url: 'about:blank', newWindow: false })).targetId;
      await cdp.send('Target.activateTarget', { targetId: front });
      await page.waitForFunction(() => document.visibilityState === 'hidden', undefined, { polling: 50 });
    },
    async toFront() {
      await page.bringToFront();
      await page.waitForFunction(() => document.visibilityState === 'visible', undefined, { polling: 50 });
    },
    async setFrozen(frozen) {
      await cdp.send('Page.setWebLifecycleState', { state: frozen ? 'frozen' : 'active' });
    },
    async close() {
      // Browser.close ends Chromium as its own window close would (browser.close() only disconnects).
      const session = await browser.newBrowserCDPSession().catch(() => undefined);
      await session?.send('Browser.close').catch(() => undefined);
      await Promise.race([new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(undefined))), new Promise((r) => setTimeout(r, 5000))]);
      stop();
      // Helper processes may still be finishing their writes for a moment.
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
    },
  };
}
