// Offline for real (issue #5): the driver's offline emulation mid-upload, in each engine whose
// driver has one (Playwright's `context.setOffline` in Chromium, puppeteer's `setOfflineMode` over
// WebDriver BiDi in Firefox; WebDriver classic has none: WebKit skips, by trying). What Chromium's
// emulation does, as these tests found it: navigator.onLine turns false and `offline` fires at
// once; every request the page starts while offline fails at once (a network error, nothing
// reaches the server); requests already in flight are NOT aborted: they run to the end and their
// answers arrive. A real dropped link leaves such requests hanging instead, which the engine's
// watchdog ends; the second test makes the server stall them to show that path too.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { DriverPage } from '../drivers/page-driver.ts';
import { supported } from '../helpers/node-capability.ts';
import { useEnginePageSuite } from './engine-page-suite.ts';
import { MiB, openEnginePage, pageState, pickAndStart, sha256OfFile, untilConfirmed, untilDone, writeRandomFile } from './engine-page-driver.ts';
import type { SeenState } from './pages/engine-page.ts';

const FILE_SIZE = 24 * MiB + 777;
const CHUNK_SIZE = MiB;
const CONCURRENCY = 4;
/**
 * One retry, quickly: an engine that spent retries while offline would fail within a second, long
 * before the network comes back.
 */
const RETRY = { retries: 1, minDelay: 100, maxDelay: 200 };
/** How long the tests stay offline once every request waits: many times what RETRY could last. */
const OFFLINE_FOR_MS = 2000;

useEnginePageSuite('offline', undefined, (suite) => {

  const offlineWaits = (states: SeenState[]) => states.filter((s) => s.state === 'retrying' && s.reason === 'offline');

  /** Waits until `n` requests are waiting for the network (one per worker). */
  async function untilWaitingForNetwork(page: DriverPage, n: number): Promise<void> {
    await page.waitForFunction(
      (count) => window.enginePage.states.filter((s) => s.reason === 'offline').length >= count || !!window.enginePage.errorCode,
      n, { timeout: 60_000, polling: 20 },
    );
  }

  /** Goes back online, waits for the upload's end, and checks what the person and the server see. */
  async function onlineAndFinish(page: DriverPage, file: string, offlineSince: number): Promise<SeenState[]> {
    const onlineAt = Date.now();
    const arrivedOffline = suite.api.requests.list().filter((r) => r.at > offlineSince && r.at < onlineAt);
    await page.setOffline(false);
    const result = await untilDone(page);
    const { states, networkEvents } = await pageState(page);
    assert.deepEqual(arrivedOffline, [], 'no request reached the server while the page was offline');
    assert.deepEqual(networkEvents, ['offline', 'online']);
    assert.ok(!states.some((s) => s.state === 'error'), 'no error on the way');
    const retries = states.filter((s) => s.state === 'retrying' && s.reason !== 'offline');
    assert.deepEqual(retries, [], 'waiting for the network used up no retry');
    assert.ok(offlineWaits(states).every((s) => !s.onLine && s.attempt === undefined), 'offline waits happen while navigator.onLine is false');
    assert.equal(states.at(-1)?.state, 'complete');
    assert.equal((await suite.api.entryInfo(result.entryId))?.sha256, sha256OfFile(file), 'the entry holds exactly the file');
    return states;
  }

  /** The engine page in a new tab, when the driver can take it offline (tried: going online); else the test is skipped. */
  async function offlineCapablePage(t: TestContext): Promise<DriverPage | undefined> {
    const page = await openEnginePage(await suite.newPage(), suite.server.pageUrl);
    return (await supported(t, () => page.setOffline(false), 'needs offline emulation')) ? page : undefined;
  }

  test('setOffline mid-upload: "retrying, offline" without using retries, then setOffline(false) and it completes', { timeout: 120_000 }, async (t) => {
    const page = await offlineCapablePage(t);
    if (!page) return;
    const file = path.join(suite.tmp, 'commute.mp4');
    writeRandomFile(file, FILE_SIZE);
    suite.api.faults.set([{ kind: 'latency', ms: 500 }]); // requests are in flight most of the time, and the upload outlasts the steps to go offline
    await pickAndStart(page, file, { ks: suite.api.startSession(), chunkSize: CHUNK_SIZE, concurrency: CONCURRENCY, retry: RETRY });
    await untilConfirmed(page, FILE_SIZE / 4);

    const confirmedAtOffline = (await pageState(page)).bytesConfirmed;
    await page.setOffline(true);
    assert.equal(await page.evaluate(() => navigator.onLine), false, 'navigator.onLine is false at once');
    // Each worker's next request fails at once and waits; none is given up.
    await untilWaitingForNetwork(page, CONCURRENCY);
    const offlineSince = Date.now();
    await new Promise((r) => setTimeout(r, OFFLINE_FOR_MS));

    const offline = await pageState(page);
    assert.equal(offline.errorCode, undefined, 'still going after seconds offline');
    assert.equal(offline.states.at(-1)?.state, 'retrying');
    assert.ok(offlineWaits(offline.states).every((s) => s.errorCode === 'NETWORK_ERROR'), 'a request started offline fails as a network error');
    // Chromium's emulation lets requests already in flight finish: their answers still count.
    assert.ok(offline.bytesConfirmed > confirmedAtOffline, `chunks in flight when the network went were answered (${confirmedAtOffline} → ${offline.bytesConfirmed})`);

    await onlineAndFinish(page, file, offlineSince);
  });

  /**
   * What a dropped link does to requests in flight: they get no answer. Uploads the file, makes the
   * server never answer the next CONCURRENCY chunks, takes the page offline while they hang, and
   * checks each of them was given up (TIMEOUT) to wait for the network; then goes back online.
   */
  async function hangingRequestsThenOffline(t: TestContext, name: string, timeouts: { stallTimeout: number; responseTimeout: number }): Promise<void> {
    const page = await offlineCapablePage(t);
    if (!page) return;
    const file = path.join(suite.tmp, name);
    writeRandomFile(file, FILE_SIZE);
    // A thin link until the stall is set: on loopback the rest of the file could go (or all but its
    // last few chunks) before the rule is in place, and fewer than CONCURRENCY requests would hang.
    suite.api.faults.set([{ kind: 'bandwidth', action: 'upload', bytesPerSecond: 3 * MiB, shared: true }]);
    await pickAndStart(page, file, { ks: suite.api.startSession(), chunkSize: CHUNK_SIZE, concurrency: CONCURRENCY, retry: RETRY, ...timeouts });
    await untilConfirmed(page, FILE_SIZE / 4);

    // Replaces the thin link: the chunks in flight finish, and the next CONCURRENCY ones hang.
    suite.api.faults.set([{ kind: 'stall', action: 'upload', times: CONCURRENCY }]);
    const { bytesConfirmed } = await pageState(page);
    const stalled = () => suite.api.requests.list().filter((r) => r.outcome === 'fault:stall').length;
    for (const deadline = Date.now() + 30_000; stalled() < CONCURRENCY; ) {
      assert.ok(Date.now() < deadline, `${stalled()} of ${CONCURRENCY} chunk requests hang after 30 s (${bytesConfirmed} of ${FILE_SIZE} bytes were confirmed when the stall was set)`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await page.setOffline(true);
    await untilWaitingForNetwork(page, CONCURRENCY);
    const offlineSince = Date.now();
    await new Promise((r) => setTimeout(r, OFFLINE_FOR_MS));

    const offline = await pageState(page);
    assert.equal(offline.errorCode, undefined, 'still going after seconds offline');
    const timedOut = offlineWaits(offline.states).filter((s) => s.errorCode === 'TIMEOUT');
    assert.equal(timedOut.length, CONCURRENCY, `each hanging request was given up: ${JSON.stringify(offline.states)}`);

    await onlineAndFinish(page, file, offlineSince);
  }

  test('a request hanging when the network goes is given up by the watchdog and waits for the network, not a retry', { timeout: 120_000 }, async (t) => {
    await hangingRequestsThenOffline(t, 'tunnel.mp4', { stallTimeout: 1500, responseTimeout: 1500 });
  });

  test('with a long watchdog, `offline` still ends hanging requests within seconds: they wait for the network', { timeout: 120_000 }, async (t) => {
    // Ten minutes of watchdog: only the offline hint (no progress for 2 s after `offline`) can end
    // the hanging requests before untilWaitingForNetwork gives up.
    await hangingRequestsThenOffline(t, 'lift.mp4', { stallTimeout: 600_000, responseTimeout: 600_000 });
  });
});
