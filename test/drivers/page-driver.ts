// One small interface over the three engines' automation libraries, for the Node-side tools and
// end-to-end tests that drive a page: Playwright for Chromium, puppeteer-core over WebDriver BiDi
// for Firefox ESR, webdriverio (WebDriver classic) for WebKitGTK's MiniBrowser. Playwright's own
// Firefox and WebKit are patched builds we cannot download, hence three libraries. Only what the
// tools and the e2e tests (test/e2e/each-engine.ts) need is here. What a driver cannot do is
// known by trying: such a call throws `Unsupported`, and a test skips on that, by capability
// (test/helpers/node-capability.ts), never by the engine's name; `can` holds what is known at launch.
import fs from 'node:fs';
import type { Browser as PlaywrightBrowser, CDPSession, Page as PlaywrightPage } from 'playwright';
import type { Browser as PuppeteerBrowser, Page as PuppeteerPage } from 'puppeteer-core';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { CHROMIUM_ARGS, FAKE_DEVICE_ARGS, FAKE_MEDIA_ARGS, launchOptions as chromiumLaunchOptions } from '../chromium.mjs';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { ENGINES, firefoxLaunchOptions, startWebKitDriver, webkitCapabilities } from '../engines.mjs';

export type Engine = 'chromium' | 'firefox' | 'webkit';

/** What a driver can do beyond the common part (a test checks these, never the engine's name). */
export interface Capabilities {
  /** A screenshot of the whole page, beyond the viewport. */
  fullPage: boolean;
  /**
   * A script of ours runs in each new document before the page's own: `problems()` then holds what
   * happened from the document's first moment, else only from when goto/reload returned.
   */
  initScript: boolean;
}

/** Thrown by a driver call its engine's automation library cannot make (the test skips on it); the message says why. */
export class Unsupported extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'Unsupported';
  }
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
  /** A click through the driver's input (a person's click) on the first `selector` in `host`'s open shadow root (or in the document). */
  click(selector: string, host?: string): Promise<void>;
  /**
   * Uncaught errors, unhandled rejections and Content Security Policy violations the page met
   * (and, where the driver hears the console, its CSP and Trusted Types reports), since the
   * document began where `can.initScript`, else since goto/reload returned.
   */
  problems(): Promise<string[]>;
  /** Cuts the page's network (navigator.onLine false, new requests fail) or gives it back. Throws Unsupported. */
  setOffline(offline: boolean): Promise<void>;
  /** Drops `paths` (files or folders on disk) on the first `selector` through the browser's own drag and drop, as the OS hands a drop over. Throws Unsupported. */
  dropFromDisk(paths: string[], selector: string): Promise<void>;
  /** Used JS heap after forced full GCs, in bytes. Throws Unsupported. */
  heapAfterGc(): Promise<number>;
  /** Another tab of the same context (the same storage), with the same viewport. */
  newTab(): Promise<DriverPage>;
  /**
   * Sends this page to the background as a person does (another tab in front, or the window
   * minimized), and resolves once it is `hidden`. Throws Unsupported (e.g. Chromium unless
   * launched with `backgroundTabs`: Playwright's own launch keeps every page visible).
   */
  toBackground(): Promise<void>;
  /** Brings this page to the front again, and resolves once it is `visible`. */
  toFront(): Promise<void>;
  /** Freezes this (hidden) page through the page lifecycle, or lets it run again. Throws Unsupported. */
  setFrozen(frozen: boolean): Promise<void>;
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

export interface LaunchOptions {
  /**
   * Pages that can really go to the background (hidden, their timers throttled as the engine
   * throttles them): for Chromium a browser of our own (test/helpers/background-tabs.ts), whose
   * pages share one context (storage), since only its default context has no focus emulation.
   */
  backgroundTabs?: boolean;
  /**
   * The camera and microphone the page finds: `fake` (the default: the engine's fake or mock
   * devices, granted without a prompt), `refused` (devices there, permission refused) or `none`
   * (no device at all). An engine whose launch cannot give that throws Unsupported.
   */
  media?: 'fake' | 'refused' | 'none';
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
/**
 * The page side of `problems()`: listeners that keep what went wrong on `window.__kcuProblems`.
 * Installed before the page's scripts where the driver can, else right after a navigation.
 */
function collectProblems(): void {
  const w = window as unknown as { __kcuProblems?: string[] };
  if (w.__kcuProblems) return;
  const seen: string[] = (w.__kcuProblems = []);
  addEventListener('error', (e) => seen.push(`page error: ${e.message}`));
  addEventListener('unhandledrejection', (e) => seen.push(`unhandled rejection: ${e.reason?.message ?? e.reason}`));
  document.addEventListener('securitypolicyviolation', (e) => seen.push(`CSP ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} ${e.sample}`));
}
const COLLECT_PROBLEMS = expression(collectProblems as never, null);
const readProblems = () => ((window as unknown as { __kcuProblems?: string[] }).__kcuProblems ?? ['the problem collector is missing']).slice();
const CONSOLE_REPORT = /Content Security Policy|Trusted Type|Refused to/i;

/** Whether a page's console message is a CSP or Trusted Types report. */
function isPolicyReport(text: string): boolean {
  return CONSOLE_REPORT.test(text);
}

async function poll(check: () => Promise<unknown>, fn: Function, o?: { timeout?: number; polling?: number }): Promise<void> {
  const deadline = Date.now() + (o?.timeout ?? 30_000);
  // A navigation in progress makes an evaluate fail: that is "not yet".
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`waitForFunction timed out: ${fn.toString().slice(0, 120)}`);
    await new Promise((r) => setTimeout(r, o?.polling ?? 50));
  }
}

export async function launch(engine: Engine, options: LaunchOptions = {}): Promise<Driver> {
  const media = options.media ?? 'fake';
  if (engine === 'chromium') return options.backgroundTabs ? launchChromiumWithTabs() : launchChromium(CHROMIUM_MEDIA[media]);
  if (engine === 'firefox') return launchFirefox(FIREFOX_MEDIA[media]);
  if (media === 'refused') throw new Unsupported('MiniBrowser has no setting that refuses the camera');
  return launchWebKit(media === 'none' ? ['--enable-mock-capture-devices=false'] : []);
}

/** Chromium's flags for each `media` (with no fake UI, headless Chromium refuses the camera unless the context grants it). */
const CHROMIUM_MEDIA = {
  fake: FAKE_MEDIA_ARGS as string[],
  refused: FAKE_DEVICE_ARGS as string[],
  none: ['--use-fake-device-for-media-stream=device-count=0', '--use-fake-ui-for-media-stream'],
};

/** Firefox's preferences for each `media`, over FIREFOX_PREFS (fake devices, no prompt). */
const FIREFOX_MEDIA = {
  fake: {},
  refused: { 'media.navigator.permission.disabled': false, 'permissions.default.camera': 2, 'permissions.default.microphone': 2 },
  // No fake devices, and this machine has none of its own.
  none: { 'media.navigator.streams.fake': false },
};

async function launchChromium(mediaArgs: string[]): Promise<Driver> {
  const { chromium } = await import('playwright');
  const browser: PlaywrightBrowser = await chromium.launch({ ...chromiumLaunchOptions, args: [...CHROMIUM_ARGS, ...mediaArgs] });
  return {
    engine: 'chromium',
    version: browser.version(),
    can: { fullPage: true, initScript: true },
    async newPage({ width = 1280, height = 900 } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
      await context.addInitScript(COLLECT_PROBLEMS);
      const page = await context.newPage();
      await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' });
      return playwrightPage(page, () => context.close());
    },
    close: () => browser.close(),
  };
}

async function launchChromiumWithTabs(): Promise<Driver> {
  const { launchWithTabs } = await import('../helpers/background-tabs.ts');
  const tabs = await launchWithTabs();
  await tabs.context.addInitScript(COLLECT_PROBLEMS);
  let first = true;
  return {
    engine: 'chromium',
    version: tabs.browser.version(),
    can: { fullPage: true, initScript: true },
    async newPage({ width = 1280, height = 900 } = {}) {
      // The tab the browser opened with, then new ones: each can be sent behind a blank tab.
      const page = first ? tabs.page : await tabs.context.newPage();
      first = false;
      await page.setViewportSize({ width, height });
      const cdp = page === tabs.page ? tabs.cdp : await tabs.context.newCDPSession(page);
      return playwrightPage(page, () => page.close(), backgroundOf(page, cdp));
    },
    close: () => tabs.close(),
  };
}

/** toBackground / toFront / setFrozen for a page of launchWithTabs' browser, through DevTools. */
function backgroundOf(page: PlaywrightPage, cdp: CDPSession): Pick<DriverPage, 'toBackground' | 'toFront' | 'setFrozen'> {
  let blank: string | undefined;
  return {
    async toBackground() {
      blank ??= (await cdp.send('Target.createTarget', { url: 'about:blank', newWindow: false })).targetId;
      await cdp.send('Target.activateTarget', { targetId: blank });
      await page.waitForFunction(() => document.visibilityState === 'hidden', undefined, { polling: 50 });
    },
    async toFront() {
      await page.bringToFront();
      await page.waitForFunction(() => document.visibilityState === 'visible', undefined, { polling: 50 });
    },
    setFrozen: async (frozen) => void (await cdp.send('Page.setWebLifecycleState', { state: frozen ? 'frozen' : 'active' })),
  };
}

const alwaysVisible: Pick<DriverPage, 'toBackground' | 'toFront' | 'setFrozen'> = {
  toBackground: async () => {
    throw new Unsupported("Playwright's launch keeps every page visible (focus emulation): launch with backgroundTabs");
  },
  toFront: async () => {},
  setFrozen: async () => {
    throw new Unsupported("Playwright's launch keeps every page visible (focus emulation): launch with backgroundTabs");
  },
};

function playwrightPage(page: PlaywrightPage, close: () => Promise<void>, background = alwaysVisible): DriverPage {
  const reports: string[] = [];
  page.on('console', (m) => isPolicyReport(m.text()) && reports.push(`console: ${m.text()}`));
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    evaluate: (fn, arg) => page.evaluate(expression(fn as never, arg)) as never,
    waitForFunction: (fn, arg, o) => poll(() => page.evaluate(expression(fn as never, arg)), fn, o),
    setInputFiles: (files, input, host) => page.locator(host ? `${host} ${input}` : input).first().setInputFiles(files),
    setViewport: (width, height) => page.setViewportSize({ width, height }),
    screenshot: async (path, o) => void (await page.screenshot({ path, fullPage: !!o?.fullPage })),
    click: (selector, host) => page.locator(host ? `${host} ${selector}` : selector).first().click(),
    problems: async () => [...(await page.evaluate(expression(readProblems as never, null)) as string[]), ...reports],
    setOffline: (offline) => page.context().setOffline(offline),
    async dropFromDisk(paths, selector) {
      // DevTools `Input.dispatchDragEvent` with paths on disk: the same directory entries
      // (webkitGetAsEntry) a person's drop gives.
      const box = await page.locator(selector).first().boundingBox();
      if (!box) throw new Error(`nothing to drop on: ${selector}`);
      const cdp = await page.context().newCDPSession(page);
      const data = { items: [], files: paths, dragOperationsMask: 1 };
      const at = { x: box.x + box.width / 2, y: box.y + Math.min(40, box.height / 2) };
      for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
      await cdp.detach();
    },
    async heapAfterGc() {
      const cdp = await page.context().newCDPSession(page);
      try {
        for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize;
      } finally {
        await cdp.detach();
      }
    },
    async newTab() {
      const tab = await page.context().newPage();
      await tab.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' });
      return playwrightPage(tab, () => tab.close());
    },
    ...background,
    close,
  };
}

async function launchFirefox(prefs: Record<string, unknown>): Promise<Driver> {
  const puppeteer = await import('puppeteer-core');
  const browser: PuppeteerBrowser = await puppeteer.launch({ ...firefoxLaunchOptions, extraPrefsFirefox: { ...firefoxLaunchOptions.extraPrefsFirefox, ...prefs } });
  const version = (await browser.version()).replace(/^\D+/, '');
  return {
    engine: 'firefox',
    version,
    can: { fullPage: true, initScript: true },
    async newPage({ width = 1280, height = 900 } = {}) {
      const context = await browser.createBrowserContext();
      const page = await puppeteerTab(await context.newPage(), width, height);
      return puppeteerPage(page, width, height, () => context.close());
    },
    close: () => browser.close(),
  };
}

/** A new puppeteer page set up as every page here is: viewport, quiet media, the problem collector. */
async function puppeteerTab(page: PuppeteerPage, width: number, height: number): Promise<PuppeteerPage> {
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }, { name: 'prefers-color-scheme', value: 'light' }]).catch(() => {});
  await page.evaluateOnNewDocument(COLLECT_PROBLEMS);
  return page;
}

function puppeteerPage(page: PuppeteerPage, width: number, height: number, close: () => Promise<void>): DriverPage {
  const reports: string[] = [];
  let blank: PuppeteerPage | undefined;
  // A person who reloads or leaves a page that asks "leave the page?" (an upload in progress) says yes.
  page.on('dialog', (d) => void (d.type() === 'beforeunload' && d.accept()));
  page.on('console', (m) => isPolicyReport(m.text()) && reports.push(`console: ${m.text()}`));
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
    async click(selector, host) {
      const handle = await page.waitForSelector(host ? `${host} >>> ${selector}` : selector);
      await handle!.click();
    },
    problems: async () => [...(await page.evaluate(expression(readProblems as never, null)) as string[]), ...reports],
    async setOffline(offline) {
      // Over BiDi, puppeteer maps this to network emulation where Firefox has it.
      try {
        await page.setOfflineMode(offline);
      } catch (e) {
        throw new Unsupported(`puppeteer over WebDriver BiDi: ${(e as Error).message}`);
      }
    },
    dropFromDisk: async () => {
      throw new Unsupported('WebDriver BiDi sets files on file inputs only, it drops none');
    },
    heapAfterGc: async () => {
      throw new Unsupported('no DevTools protocol over WebDriver BiDi');
    },
    async newTab() {
      const tab = await puppeteerTab(await page.browserContext().newPage(), width, height);
      return puppeteerPage(tab, width, height, () => tab.close());
    },
    async toBackground() {
      // A blank tab of the same window in front (browsingContext.activate): this one is hidden.
      blank ??= await page.browserContext().newPage();
      await blank.bringToFront();
      const hidden = () => document.visibilityState === 'hidden';
      await poll(() => page.evaluate(hidden), hidden);
    },
    async toFront() {
      await page.bringToFront();
      const visible = () => document.visibilityState === 'visible';
      await poll(() => page.evaluate(visible), visible);
    },
    setFrozen: async () => {
      throw new Unsupported('WebDriver BiDi has no page lifecycle freeze');
    },
    close: async () => {
      await blank?.close();
      await close();
    },
  };
}

/** The key WebDriver uses for an element reference in JSON. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

async function launchWebKit(extraArgs: string[]): Promise<Driver> {
  const { remote } = await import('webdriverio');
  const { port, stop } = await startWebKitDriver();
  const options = webkitCapabilities['webkitgtk:browserOptions'];
  const capabilities = { ...webkitCapabilities, 'webkitgtk:browserOptions': { ...options, args: [...options.args, ...extraArgs] } };
  const sessions = new Set<WebdriverIO.Browser>();
  // MiniBrowser runs one context per WebDriver session: a fresh session is a fresh context (its
  // tabs, New Window, share its storage).
  // WebKitWebDriver holds one session at a time, and lets go of a deleted one a moment after
  // answering: a new session right after a close is asked for again until then.
  const newSession = async (): Promise<WebdriverIO.Browser> => {
    for (let tries = 0; ; tries++) {
      try {
        return await remote({ hostname: '127.0.0.1', port, path: '/', logLevel: 'silent', capabilities: capabilities as never });
      } catch (e) {
        if (!/Maximum number of active sessions/.test(String(e)) || tries > 50) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  const probe = await newSession();
  const version = String((probe.capabilities as { browserVersion?: string }).browserVersion ?? '');
  await probe.deleteSession();
  return {
    engine: 'webkit',
    version,
    // WebDriver classic has no full-page screenshot and runs no script before the page's own.
    can: { fullPage: false, initScript: false },
    async newPage({ width = 1280, height = 900 } = {}) {
      const browser = await newSession();
      sessions.add(browser);
      const session: WebDriverSession = { browser, current: await browser.getWindowHandle(), turn: Promise.resolve() };
      const page = webdriverPage(session, session.current, async () => {
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

/**
 * One WebDriver session, the window its commands go to now (a session talks to one window at a
 * time), and the chain that runs one tab's commands at a time: two tabs polled at once must not
 * switch the window under each other.
 */
interface WebDriverSession {
  browser: WebdriverIO.Browser;
  current: string;
  turn: Promise<unknown>;
}

function webdriverPage(session: WebDriverSession, handle: string, close: () => Promise<void>): DriverPage {
  const { browser } = session;
  /**
   * MiniBrowser's window will not shrink below its toolbar (447 px): a narrower viewport is an
   * iframe of that size, and scripts and screenshots go to it. Set by setViewport, used by goto.
   */
  let frame: { width: number; height: number } | undefined;
  let inFrame = false;
  /** The window's place and size before toBackground minimized it. */
  let restore: { x: number; y: number; width: number; height: number } | undefined;
  /** `step` with the session on this tab's window (and its viewport frame), after the steps already queued. */
  const inTab = <T>(step: () => Promise<T>): Promise<T> => {
    const run = session.turn.then(async () => {
      if (session.current !== handle) {
        await browser.switchToWindow(handle);
        session.current = handle;
        if (inFrame) await browser.switchToFrame((await frameRef()) as never);
      }
      return step();
    });
    session.turn = run.catch(() => undefined);
    return run;
  };
  const frameRef = async () => (await browser.execute('return document.querySelector("iframe#kcu-viewport")')) as unknown as Record<string, string>;
  const evaluateHere = async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>> => {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => ${expression(fn as never, arg)})
        .then((value) => done({ value: value === undefined ? null : value }), (e) => done({ error: String(e && e.stack || e) }));`;
    const answer = (await browser.executeAsync(script)) as { value?: Awaited<R>; error?: string };
    if (answer.error) throw new Error(`in the page: ${answer.error}`);
    return (answer.value ?? undefined) as Awaited<R>;
  };
  const evaluate = <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>> => inTab(() => evaluateHere(fn, arg));
  const waitForFunction: DriverPage['waitForFunction'] = (fn, arg, o) => poll(() => evaluate(fn, arg), fn, o);
  /** No script runs before the page's own here: the collector goes in once the page has loaded. */
  const collect = () => browser.execute(COLLECT_PROBLEMS);
  /** `act` on a WebDriver reference to the first `selector` in `host`'s open shadow root (or the document), once there is one. */
  const withElement = async (selector: string, host: string | undefined, act: (ref: string) => Promise<unknown>): Promise<void> => {
    await waitForFunction(([h, s]) => !!(h ? document.querySelector(h)?.shadowRoot : document)?.querySelector(s), [host ?? null, selector] as const, { timeout: 30_000 });
    await inTab(async () => {
      const found = (await browser.execute(
        `const h = arguments[0]; const root = h ? document.querySelector(h).shadowRoot : document; return root.querySelector(arguments[1]);`,
        host ?? null, selector)) as unknown as Record<string, string>;
      await act(found[ELEMENT_KEY]!);
    });
  };
  const page: DriverPage = {
    goto: (url) => inTab(async () => {
      if (!frame) {
        await browser.url(url);
        return void (await collect());
      }
      await browser.switchToParentFrame().catch(() => {});
      inFrame = false;
      await browser.url('about:blank');
      await browser.execute(`document.body.style.margin = '0';
        const f = document.createElement('iframe'); f.id = 'kcu-viewport';
        f.style.cssText = 'border:0;display:block;width:${frame.width}px;height:${frame.height}px';
        f.src = arguments[0]; document.body.append(f);`, url);
      await browser.switchToFrame((await frameRef()) as never);
      inFrame = true;
      const loaded = () => document.readyState === 'complete' && location.href !== 'about:blank';
      await poll(() => evaluateHere(loaded), loaded);
      await collect();
    }),
    reload: () => inTab(async () => {
      if (!frame) await browser.refresh();
      else {
        await browser.execute('location.reload()');
        await new Promise((r) => setTimeout(r, 200));
        const loaded = () => document.readyState === 'complete';
        await poll(() => evaluateHere(loaded), loaded);
      }
      await collect();
    }),
    evaluate,
    waitForFunction,
    // Element Send Keys on a file input takes local paths, one per line (the driver is on this machine).
    setInputFiles: (files, input, host) => withElement(input, host, (ref) => browser.elementSendKeys(ref, files.join('\n'))),
    setViewport: (width, height) => inTab(async () => {
      // The window is bigger than its viewport by its frame: size it, measure, size again.
      await browser.setWindowSize(Math.max(width, 500), height + 100);
      const inner = (await browser.execute('return [innerWidth, innerHeight]')) as unknown as [number, number];
      await browser.setWindowSize(Math.max(width, 500) * 2 - inner[0], height + 100 + height - inner[1]);
      const now = (await browser.execute('return innerWidth')) as unknown as number;
      frame = now > width ? { width, height } : undefined;
    }),
    screenshot: (path) => inTab(async () => {
      if (!frame) return fs.writeFileSync(path, Buffer.from(await browser.takeScreenshot(), 'base64'));
      await browser.switchToParentFrame();
      const ref = await frameRef();
      fs.writeFileSync(path, Buffer.from(await browser.takeElementScreenshot(ref[ELEMENT_KEY]!), 'base64'));
      await browser.switchToFrame(ref as never);
    }),
    click: (selector, host) => withElement(selector, host, (ref) => browser.elementClick(ref)),
    problems: () => evaluate(readProblems),
    setOffline: async () => {
      throw new Unsupported('WebDriver classic has no network emulation');
    },
    dropFromDisk: async () => {
      throw new Unsupported('WebDriver classic has no drop of files from disk');
    },
    heapAfterGc: async () => {
      throw new Unsupported('WebDriver classic has no forced GC or heap size');
    },
    async newTab() {
      // New Window: a tab of the same session, so of the same storage.
      const { handle: tab } = await inTab(() => browser.createWindow('tab'));
      const closeTab = () => inTab(async () => {
        await browser.switchToWindow(tab);
        await browser.closeWindow();
        session.current = (await browser.getWindowHandles())[0]!;
        await browser.switchToWindow(session.current);
      });
      return webdriverPage(session, tab, closeTab);
    },
    // A tab behind another stays visible in MiniBrowser under WebDriver; a minimized window is
    // hidden (and its scripts still answer the driver).
    toBackground: () => inTab(async () => {
      restore = await browser.getWindowRect();
      await browser.minimizeWindow();
      const hidden = () => document.visibilityState === 'hidden';
      await poll(() => evaluateHere(hidden), hidden);
    }),
    toFront: () => inTab(async () => {
      if (restore) await browser.setWindowRect(restore.x, restore.y, restore.width, restore.height);
      const visible = () => document.visibilityState === 'visible';
      await poll(() => evaluateHere(visible), visible);
    }),
    setFrozen: async () => {
      throw new Unsupported('WebDriver classic has no page lifecycle freeze');
    },
    close,
  };
  return page;
}
