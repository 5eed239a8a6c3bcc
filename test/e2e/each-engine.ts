// The e2e flows run once per engine (Chromium, Firefox ESR, WebKitGTK; KCU_ENGINES or
// `npm test -- --engine=...` limits them): `eachEngine` declares a `describe(<engine>)` around the
// file's tests, with that engine's driver (test/drivers/page-driver.ts) launched before them and
// closed after. The describe's name is the engine: test/node-summary-reporter.mjs counts by it.
import { after, before, describe } from 'node:test';
import { enginesToRun, launch, type Driver, type Engine, type LaunchOptions } from '../drivers/page-driver.ts';

export interface EngineRun {
  engine: Engine;
  /** The launched driver (read it in tests and hooks, not at load time). */
  driver: Driver;
  /**
   * A browser of the test's own, launched with `options` (e.g. another camera setting), closed
   * with the file's others. Throws Unsupported when the engine cannot be launched so.
   */
  launch(options: LaunchOptions): Promise<Driver>;
}

/**
 * `body(run)` inside a `describe(<engine>)` per engine to run, `run.driver` launched for it with
 * `options`; with `options` null, no shared driver: the tests launch their own (`run.launch`).
 */
export function eachEngine(body: (run: EngineRun) => void, options: LaunchOptions | null = {}): void {
  for (const engine of enginesToRun()) {
    describe(engine, () => {
      const own: Driver[] = [];
      const run = {
        engine,
        async launch(o: LaunchOptions) {
          const driver = await launch(engine, o);
          own.push(driver);
          return driver;
        },
      } as EngineRun;
      before(async () => {
        if (options) run.driver = await launch(engine, options);
      });
      after(async () => {
        await run.driver?.close();
        for (const driver of own) await driver.close();
      });
      body(run);
    });
  }
}
