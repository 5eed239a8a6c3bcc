// Browser tests in one engine per run: KCU_ENGINE=chromium (default) | firefox | webkit, chosen by
// test/run-all.mjs, which runs the engines one after another. TypeScript goes through esbuild, and
// the local Kaltura-compatible API is mounted on the same origin (so tests use
// `serviceUrl: location.origin`). Run through test/run-all.mjs, which loads tsx so this file can
// import the TypeScript server (and wraps WebKit in `xvfb-run -a`).
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { ChromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import * as puppeteer from 'puppeteer-core';
import { launchOptions } from './chromium.mjs';
import { firefoxLaunchOptions, webkitCapabilities } from './engines.mjs';
import { RestartingWebKitLauncher } from './webkit-launcher.mjs';
import { summaryReporter } from './summary-reporter.mjs';
import { kalturaTestServer } from '../server/adapters/wtr-adapter.ts';

const engine = process.env.KCU_ENGINE ?? 'chromium';
const kaltura = kalturaTestServer();
const browser = await launcher(engine);

export default {
  rootDir: new URL('..', import.meta.url).pathname,
  files: ['test/**/*.test.ts', '!test/**/*.node.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  plugins: [esbuildPlugin({ ts: true, tsconfig: new URL('../tsconfig.json', import.meta.url).pathname, target: 'es2022' }), kaltura.plugin],
  middleware: [kaltura.middleware],
  browsers: [browser],
  reporters: [defaultReporter(), summaryReporter(engine, () => browser.restarts ?? [])],
  testFramework: { config: { timeout: 120000 } },
  testsFinishTimeout: 20 * 60 * 1000,
  browserStartTimeout: 60000,
};

async function launcher(name) {
  switch (name) {
    case 'chromium':
      return playwrightLauncher({ product: 'chromium', launchOptions });
    case 'firefox':
      // What @web/test-runner-puppeteer does, on puppeteer-core and Debian's Firefox ESR instead
      // of a downloaded browser.
      return new ChromeLauncher(firefoxLaunchOptions, ({ browser }) => browser.defaultBrowserContext(),
        ({ context }) => context.newPage(), puppeteer, undefined);
    case 'webkit':
      return new RestartingWebKitLauncher({ path: '/', logLevel: 'error', capabilities: webkitCapabilities });
    default:
      throw new Error(`KCU_ENGINE=${name}: expected chromium, firefox or webkit`);
  }
}
