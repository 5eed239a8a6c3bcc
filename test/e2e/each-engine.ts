// The e2e flows run once per engine (Chromium, Firefox ESR, WebKitGTK; KCU_ENGINES or
// `npm test -- --engine=...` limits them): `eachEngine` declares a `describe(<engine>)` around the
// file's tests, with that engine's driver (test/drivers/page-driver.ts) launched before them and
// closed after. The describe's name is the engine: test/node-summary-reporter.mjs counts by it.
import { after, before, describe } from 'node:test';
import { enginesToRun, launch, type Driver, type Engine } from '../drivers/page-driver.ts';

export interface EngineRun {
  engine: Engine;
  /** The launched driver (read it in tests and hooks, not at load time). */
  driver: Driver;
}

/**
 * `body(run)` inside a `describe(<engine>)` per engine to run, `run.driver` launched for it.
 * `only`: a file too slow for every engine names the ones it runs in (and says why in its header).
 */
export function eachEngine(body: (run: EngineRun) => void, only?: readonly Engine[]): void {
  for (const engine of enginesToRun().filter((e) => !only || only.includes(e))) {
    describe(engine, () => {
      const run = { engine } as EngineRun;
      before(async () => {
        run.driver = await launch(engine);
      });
      after(async () => {
        await run.driver?.close();
      });
      body(run);
    });
  }
}
