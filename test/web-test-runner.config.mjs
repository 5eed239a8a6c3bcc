// Browser tests: Debian Chromium through Playwright, TypeScript through esbuild, and the local
// Kaltura-compatible API mounted on the same origin (so tests use `serviceUrl: location.origin`).
// Run through test/run-all.mjs, which loads tsx so this file can import the TypeScript server.
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { launchOptions } from './chromium.mjs';
import { summaryReporter } from './summary-reporter.mjs';
import { kalturaTestServer } from '../server/adapters/wtr-adapter.ts';

const kaltura = kalturaTestServer();

export default {
  rootDir: new URL('..', import.meta.url).pathname,
  files: ['test/**/*.test.ts', '!test/**/*.node.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  plugins: [esbuildPlugin({ ts: true, tsconfig: new URL('../tsconfig.json', import.meta.url).pathname, target: 'es2022' }), kaltura.plugin],
  middleware: [kaltura.middleware],
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions })],
  reporters: [defaultReporter(), summaryReporter()],
  testFramework: { config: { timeout: 120000 } },
  testsFinishTimeout: 20 * 60 * 1000,
  browserStartTimeout: 60000,
};
