// The Node-side counterpart of capability.ts for the e2e tests that drive an engine: a test that
// needs something an engine's driver cannot do is skipped there by trying that very thing (the
// driver throws `Unsupported`) or by a check of it, never by the engine's name, and says why. The
// reason goes to node:test's skip, which test/node-summary-reporter.mjs lists under "Skipped by
// capability" as `<engine> skipped <file>: <test> [skipped: <reason>]`.
import type { TestContext } from 'node:test';
import { Unsupported } from '../drivers/page-driver.ts';

/** Skips the running test unless `has`, with `reason`; true when it skipped (then return: `if (skipUnless(...)) return;`). */
export function skipUnless(t: TestContext, has: boolean, reason: string): boolean {
  if (has) return false;
  t.skip(reason);
  return true;
}

/**
 * Runs `step`; when the driver cannot (it throws `Unsupported`) the running test is skipped with
 * `reason` and the driver's own words, and this resolves false (then return). Other errors fail.
 */
export async function supported(t: TestContext, step: () => Promise<unknown>, reason: string): Promise<boolean> {
  try {
    await step();
    return true;
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    t.skip(`${reason} (${e.message})`);
    return false;
  }
}
