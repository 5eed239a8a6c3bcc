// The three browser engines the suite runs in, all from Debian's packages (no browser download):
// Chromium through Playwright, Firefox ESR through puppeteer-core over WebDriver BiDi, and WebKitGTK
// through WebKitWebDriver + MiniBrowser (webdriverio, under a virtual X display: it has no headless
// mode). Plain ESM: the wtr config, test/run-all.mjs and the Node-side tools all import it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { CHROMIUM_PATH } from './chromium.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB_RUN_PATH = '/usr/bin/xvfb-run';

/** What each engine needs on disk, and the Debian package that brings it. */
const NEEDS = {
  chromium: [{ path: CHROMIUM_PATH, pkg: 'chromium' }],
  firefox: [{ path: FIREFOX_PATH, pkg: 'firefox-esr' }],
  webkit: [
    { path: WEBKIT_DRIVER_PATH, pkg: 'webkit2gtk-driver' },
    { path: MINIBROWSER_PATH, pkg: 'webkit2gtk-driver' },
    { path: XVFB_RUN_PATH, pkg: 'xvfb' },
    { path: '/usr/bin/xauth', pkg: 'xauth' },
  ],
};

/** The files the given engines need that are not there: `[{ engine, path, pkg }]`. */
export function missingTools(engines = ENGINES) {
  return engines.flatMap((engine) => NEEDS[engine].filter((n) => !fs.existsSync(n.path)).map((n) => ({ engine, ...n })));
}

/**
 * Firefox preferences: fake camera and microphone without a permission prompt (the counterpart of
 * Chromium's --use-fake-device-for-media-stream --use-fake-ui-for-media-stream), and no
 * first-run or update noise.
 */
export const FIREFOX_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
};

/** puppeteer-core launch options for Firefox ESR (WebDriver BiDi is the only protocol it speaks). */
export const firefoxLaunchOptions = {
  browser: 'firefox',
  executablePath: FIREFOX_PATH,
  headless: true,
  extraPrefsFirefox: FIREFOX_PREFS,
};

/**
 * webdriverio capabilities for MiniBrowser: mock capture devices stand in for a camera, media
 * plays without a gesture. `enforceWebDriverClassic`: WebKitWebDriver does not match a session
 * request that asks for BiDi.
 */
export const webkitCapabilities = {
  browserName: 'MiniBrowser',
  'wdio:enforceWebDriverClassic': true,
  'webkitgtk:browserOptions': {
    binary: MINIBROWSER_PATH,
    args: ['--automation', '--enable-mock-capture-devices=true', '--enable-media-stream=true',
      '--media-playback-requires-user-gesture=false'],
  },
};

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/**
 * Starts WebKitWebDriver on a free port and resolves when it accepts connections. Needs a display
 * (DISPLAY set, e.g. under `xvfb-run -a`). `stop(signal?)` ends it and the browsers it started;
 * they are also ended when Node exits.
 */
export async function startWebKitDriver() {
  if (!process.env.DISPLAY) throw new Error('WebKit needs a display: run under `xvfb-run -a` (package xvfb).');
  const port = await freePort();
  // Its own process group, so that stop() also ends the MiniBrowser it started (and its web
  // processes), even one that no longer answers.
  const child = spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`, '--host=127.0.0.1'], { stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const stop = (signal = 'SIGTERM') => {
    try { process.kill(-child.pid, signal); } catch { /* already gone */ }
  };
  process.once('exit', () => stop());
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${child.exitCode}`);
    if (await canConnect(port)) break;
    if (i > 100) { stop(); throw new Error('WebKitWebDriver did not start in 10 s'); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, stop };
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
