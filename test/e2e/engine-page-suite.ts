// The node:test hooks the reload and offline e2e files share: per file, one engine page server and
// one Chromium; per test, a fresh local API (an empty data dir of its own), `setup` applied to it,
// and a fresh browser context (empty localStorage). Read the handles in tests, not at load time.
import { before, after, beforeEach, afterEach } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { launchOptions } from '../chromium.mjs';
import type { KalturaApi } from '../../server/core/kaltura-api.ts';
import { startEnginePageServer, type EnginePageServer } from './engine-page-server.ts';

export interface EnginePageSuite {
  server: EnginePageServer;
  browser: Browser;
  /** A temporary directory for files the tests pick, removed after the file's tests. */
  tmp: string;
  api: KalturaApi;
  context: BrowserContext;
}

export function useEnginePageSuite(name: string, setup?: (api: KalturaApi) => void): EnginePageSuite {
  const suite = {} as EnginePageSuite;
  before(async () => {
    suite.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `kcu-e2e-${name}-`));
    suite.server = await startEnginePageServer();
    suite.browser = await chromium.launch(launchOptions);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
    if (suite.tmp) fs.rmSync(suite.tmp, { recursive: true, force: true });
  });
  beforeEach(async () => {
    suite.api = await suite.server.freshApi();
    setup?.(suite.api);
    suite.context = await suite.browser.newContext();
  });
  afterEach(async () => {
    await suite.context?.close();
  });
  return suite;
}
