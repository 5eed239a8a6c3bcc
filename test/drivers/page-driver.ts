// One small interface over the three engines' automation libraries, for the Node-side tools and
// end-to-end tests that drive a page: Playwright for Chromium, puppeteer-core over WebDriver BiDi
// for Firefox ESR, webdriverio (WebDriver classic) for WebKitGTK's MiniBrowser. Playwright's own
// Firefox and WebKit are patched builds we cannot download, hence three libraries. Only what the
// tools need is here; `can` says what an engine's driver cannot do, so a test skips by capability.
import fs from 'node:fs';
import type { Browser as PlaywrightBrowser, Page as PlaywrightPage } from 'playwright';
import type { Browser as PuppeteerBrowser, Page as PuppeteerPage } from 'puppeteer-core';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { launchOptions as chromiumLaunchOptions } from '../chromium.mjs';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { ENGINES, firefoxLaunchOptions, startWebKitDriver, webkitCapabilities } from '../engines.mjs';

export type Engine = 'chromium' | 'firefox' | 'webkit';

/** What a driver can do beyond the common part (a test checks these, never the engine's name). */
export interface Capabilities {
  /** Emulating offline (the network cut for the page). */
  offline: boolean;
  /** A screenshot of the whole page, beyond the viewport. */
  fullPage: boolean;
}

export interface DriverPage {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** Runs `fn(arg)` in the page (awaited there); `fn` must not close over Node values. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>>;
  /** Waits until `fn(arg)` is truthy in the page. */
  waitForFunction<A = undefined>(fn: (arg: A) => unknown, arg?: A, options?: { timeout?: number; polling?: number }): Promise<void>;
  /** Puts `files` (paths on disk) on the <input type=file> `input` inside `host`'s open shadow root (or in the document, without a host). */
  setInputFiles(files: string[], input: string, host?: string): Promise<void>;
  /** The CSS viewport size (not the window's). */
  setViewport(width: number, height: number): Promise<void>;
  /** A PNG of the viewport, or of the whole page when `fullPage` and the driver can. */
  screenshot(file: string, options?: { fullPage?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export interface Driver {
  engine: Engine;
  /** The browser's own version string, e.g. "156.0.8078.129". */
  version: string;
  can: Capabilities;
  /** A new page in a fresh context (empty storage), with a CSS viewport of `width`×`height`. */
  newPage(options?: { width?: number; height?: number }): Promise<DriverPage>;
  close(): Promise<void>;
}

/** The engines to drive: KCU_ENGINES (comma-separated) or all three. */
export function enginesToRun(): Engine[] {
  return (process.env.KCU_ENGINES?.split(',') ?? ENGINES) as Engine[];
}

/**
 * `fn(arg)` as a script expression. tsx (esbuild with keepNames) wraps inner functions in
 * `__name(...)`, a helper the page does not have: a stand-in goes around the function's source.
 */
function expression(fn: (arg: never) => unknown, arg: unknown): string {
  return `(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg ?? null)}); })()`;
}

/**
 * Evaluates `check` until it is truthy. Polling from Node rather than the libraries' own
 * waitForFunction: theirs build the predicate with `new Function`, which a strict page's CSP
 * (the demo's: no 'unsafe-eval') refuses; a driver's evaluate is not subject to it.
 */
async function poll(check: () => Promise<unknown>, fn: Function, o?: { timeout?: number; polling?: number }): Promise<void> {
  const deadline = Date.now() + (o?.timeout ?? 30_000);
  // A navigation in progress makes an evaluate fail: that is "not yet".
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`waitForFunction timed out: ${fn.toString().slice(0, 120)}`);
    await new Promise((r) => setTimeout(r, o?.polling ?? 50));
  }
}

export async function launch(engine: Engine): Promise<Driver> {
  if (engine === 'chromium') return launchChromium();
  if (engine === 'firefox') return launchFirefox();
  return launchWebKit();
}

async function launchChromium(): Promise<Driver> {
  const { chromium } = await import('playwright');
  const browser: PlaywrightBrowser = await chromium.launch(chromiumLaunchOptions);
  return {
    engine: 'chromium',
    version: browser.version(),
    can: { offline: true, fullPage: true },
    async newPage({ width = 1280, height = 900 } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' });
      return playwrightPage(page, () => context.close());
    },
    close: () => browser.close(),
  };
}

function playwrightPage(page: PlaywrightPage, close: () => Promise<void>): DriverPage {
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    evaluate: (fn, arg) => page.evaluate(expression(fn as never, arg)) as never,
    waitForFunction: (fn, arg, o) => poll(() => page.evaluate(expression(fn as never, arg)), fn, o),
    setInputFiles: (files, input, host) => page.locator(host ? `${host} ${input}` : input).first().setInputFiles(files),
    setViewport: (width, height) => page.setViewportSize({ width, height }),
    screenshot: async (path, o) => void (await page.screenshot({ path, fullPage: !!o?.fullPage })),
    close,
  };
}

async function launchFirefox(): Promise<Driver> {
  const puppeteer = await import('puppeteer-core');
  const browser: PuppeteerBrowser = await puppeteer.launch(firefoxLaunchOptions);
  const version = (await browser.version()).replace(/^\D+/, '');
  return {
    engine: 'firefox',
    version,
    // puppeteer's setOfflineMode is CDP-only: BiDi has no network emulation in Firefox 153.
    can: { offline: false, fullPage: true },
    async newPage({ width = 1280, height = 900 } = {}) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width, height, deviceScaleFactor: 1 });
      await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }, { name: 'prefers-color-scheme', value: 'light' }]).catch(() => {});
      return puppeteerPage(page, () => context.close());
    },
    close: () => browser.close(),
  };
}

function puppeteerPage(page: PuppeteerPage, close: () => Promise<void>): DriverPage {
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    evaluate: (fn, arg) => page.evaluate(expression(fn as never, arg)) as never,
    waitForFunction: (fn, arg, o) => poll(() => page.evaluate(expression(fn as never, arg)), fn, o),
    async setInputFiles(files, input, host) {
      const handle = await page.waitForSelector(host ? `${host} >>> ${input}` : input);
      await (handle as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(...files);
    },
    setViewport: (width, height) => page.setViewport({ width, height, deviceScaleFactor: 1 }),
    screenshot: async (path, o) => void (await page.screenshot({ path, fullPage: !!o?.fullPage })),
    close,
  };
}

/** The key WebDriver uses for an element reference in JSON. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

async function launchWebKit(): Promise<Driver> {
  const { remote } = await import('webdriverio');
  const { port, stop } = await startWebKitDriver();
  const sessions = new Set<WebdriverIO.Browser>();
  // MiniBrowser runs one page per WebDriver session: a fresh session is a fresh context.
  const newSession = () => remote({ hostname: '127.0.0.1', port, path: '/', logLevel: 'error', capabilities: webkitCapabilities as never });
  const probe = await newSession();
  const version = String((probe.capabilities as { browserVersion?: string }).browserVersion ?? '');
  await probe.deleteSession();
  return {
    engine: 'webkit',
    version,
    // WebDriver classic has neither network emulation nor full-page screenshots.
    can: { offline: false, fullPage: false },
    async newPage({ width = 1280, height = 900 } = {}) {
      const browser = await newSession();
      sessions.add(browser);
      const page = webdriverPage(browser, async () => {
        sessions.delete(browser);
        await browser.deleteSession();
      });
      await page.setViewport(width, height);
      return page;
    },
    async close() {
      for (const s of sessions) await s.deleteSession().catch(() => {});
      stop();
    },
  };
}

function webdriverPage(browser: WebdriverIO.Browser, close: () => Promise<void>): DriverPage {
  /**
   * MiniBrowser's window will not shrink below its toolbar (447 px): a narrower viewport is an
   * iframe of that size, and scripts and screenshots go to it. Set by setViewport, used by goto.
   */
  let frame: { width: number; height: number } | undefined;
  const frameRef = async () => (await browser.execute('return document.querySelector("iframe#kcu-viewport")')) as unknown as Record<string, string>;
  const evaluate = async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>> => {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => ${expression(fn as never, arg)})
        .then((value) => done({ value: value === undefined ? null : value }), (e) => done({ error: String(e && e.stack || e) }));`;
    const answer = (await browser.executeAsync(script)) as { value?: Awaited<R>; error?: string };
    if (answer.error) throw new Error(`in the page: ${answer.error}`);
    return (answer.value ?? undefined) as Awaited<R>;
  };
  const waitForFunction: DriverPage['waitForFunction'] = (fn, arg, o) => poll(() => evaluate(fn, arg), fn, o);
  return {
    async goto(url) {
      if (!frame) return void (await browser.url(url));
      await browser.switchToParentFrame().catch(() => {});
      await browser.url('about:blank');
      await browser.execute(`document.body.style.margin = '0';
        const f = document.createElement('iframe'); f.id = 'kcu-viewport';
        f.style.cssText = 'border:0;display:block;width:${frame.width}px;height:${frame.height}px';
        f.src = arguments[0]; document.body.append(f);`, url);
      await browser.switchToFrame((await frameRef()) as never);
      await waitForFunction(() => document.readyState === 'complete' && location.href !== 'about:blank');
    },
    async reload() {
      if (!frame) return void (await browser.refresh());
      await browser.execute('location.reload()');
      await new Promise((r) => setTimeout(r, 200));
      await waitForFunction(() => document.readyState === 'complete');
    },
    evaluate,
    waitForFunction,
    async setInputFiles(files, input, host) {
      const found = (await browser.execute(
        `const h = arguments[0]; const root = h ? document.querySelector(h).shadowRoot : document; return root.querySelector(arguments[1]);`,
        host ?? null, input)) as unknown as Record<string, string>;
      // Element Send Keys on a file input takes local paths, one per line (the driver is on this machine).
      await browser.elementSendKeys(found[ELEMENT_KEY], files.join('\n'));
    },
    async setViewport(width, height) {
      // The window is bigger than its viewport by its frame: size it, measure, size again.
      await browser.setWindowSize(Math.max(width, 500), height + 100);
      const inner = (await browser.execute('return [innerWidth, innerHeight]')) as unknown as [number, number];
      await browser.setWindowSize(Math.max(width, 500) * 2 - inner[0], height + 100 + height - inner[1]);
      const now = (await browser.execute('return innerWidth')) as unknown as number;
      frame = now > width ? { width, height } : undefined;
    },
    async screenshot(path) {
      if (!frame) return fs.writeFileSync(path, Buffer.from(await browser.takeScreenshot(), 'base64'));
      await browser.switchToParentFrame();
      const ref = await frameRef();
      fs.writeFileSync(path, Buffer.from(await browser.takeElementScreenshot(ref[ELEMENT_KEY]), 'base64'));
      await browser.switchToFrame(ref as never);
    },
    close,
  };
}
