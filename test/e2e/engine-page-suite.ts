// The node:test hooks the reload, offline and huge-file e2e files share: per file, one engine page
// server; per engine (test/e2e/each-engine.ts), that engine's driver; per test, a fresh local API
// (an empty data dir of its own) with `setup` applied to it, and pages in fresh contexts (empty
// localStorage) from `newPage`, closed after the test (what went wrong in them printed). Read the
// handles in tests, not at load time.
import { before, after, beforeEach, afterEach } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KalturaApi } from '../../server/core/kaltura-api.ts';
import type { DriverPage } from '../drivers/page-driver.ts';
import { eachEngine, type EngineRun } from './each-engine.ts';
import { startEnginePageServer, type EnginePageServer } from './engine-page-server.ts';

export interface EnginePageSuite {
  server: EnginePageServer;
  /** A temporary directory for files the tests pick, removed after the file's tests. */
  tmp: string;
  api: KalturaApi;
}

export interface EngineSuite extends EnginePageSuite, Omit<EngineRun, 'launch'> {
  /** A page in a fresh context of this engine, closed after the test. */
  newPage(): Promise<DriverPage>;
}

/** The file's shared handles, and `body` once per engine with that engine's handles. */
export function useEnginePageSuite(name: string, setup: ((api: KalturaApi) => void) | undefined, body: (suite: EngineSuite) => void): void {
  const shared = {} as EnginePageSuite;
  before(async () => {
    shared.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `kcu-e2e-${name}-`));
    shared.server = await startEnginePageServer();
  });
  after(async () => {
    await shared.server?.close();
    if (shared.tmp) fs.rmSync(shared.tmp, { recursive: true, force: true });
  });
  eachEngine((run) => {
    const pages: DriverPage[] = [];
    const suite: EngineSuite = {
      get engine() { return run.engine; },
      get driver() { return run.driver; },
      get server() { return shared.server; },
      get tmp() { return shared.tmp; },
      get api() { return shared.api; },
      async newPage() {
        const page = await run.driver.newPage();
        pages.push(page);
        return page;
      },
    };
    const closePages = async () => {
      for (const page of pages.splice(0)) {
        const problems = await page.problems().catch(() => []);
        if (problems.length) console.error(`[engine page, ${run.engine}] ${problems.join('\n')}`);
        await page.close().catch(() => {});
      }
    };
    beforeEach(async () => {
      // Also here: Node 20 runs a skipped test's afterEach only once the next test has begun, and
      // WebKitWebDriver holds one session (page) at a time.
      await closePages();
      shared.api = await shared.server.freshApi();
      setup?.(shared.api);
    });
    afterEach(closePages);
    body(suite);
  });
}
