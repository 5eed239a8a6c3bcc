// One connection budget for the page: the element's files together never have more requests in
// flight to a host than `maxConnections` (6 by default, the browser's HTTP/1.1 limit), and a
// request waiting for its turn is not aborted by its own stall timer (it has not been sent yet).
// Without the budget, 3 files × 4 chunks ask for 12 connections; Chromium queues 6 of them, unseen,
// with no upload progress, and a short stall timeout aborts them.
import { assert } from '@esm-bundle/chai';
import { entryInfo, requestConcurrency, requestLog, resetServer, setFaults, sha256Hex } from '../helpers/kaltura-server.js';
import { patternedFile } from '../engine/upload-helpers.js';
import { mountUploader, unmountAll, waitFor } from './uploader-fixture.js';

const MiB = 1024 * 1024;

describe('<kaltura-uploader> and the page\'s connection budget', function () {
  this.timeout(180_000);
  beforeEach(resetServer);
  afterEach(async () => {
    await unmountAll();
    await setFaults([]);
  });

  /** Uploads `files` through an element, tallies stall timeouts, and checks each entry's bytes. */
  async function uploadAll(files: File[], chunkSize: number, uploadOptions: Record<string, unknown> = {}) {
    const el = await mountUploader(
      { multiple: true, 'max-parallel-files': String(files.length), 'chunk-size': String(chunkSize) },
      { uploadOptions: { stallTimeout: 1000, retry: { retries: 8, minDelay: 50, maxDelay: 500 }, ...uploadOptions } },
    );
    const timeouts: string[] = [];
    el.addEventListener('kaltura-upload-statechange', (e) => {
      if (e.detail.state === 'retrying' && e.detail.error?.code === 'TIMEOUT') timeouts.push(`${e.detail.file.name}: ${e.detail.error.message}`);
    });
    const entries = new Map<File, string>();
    el.addEventListener('kaltura-upload-complete', (e) => entries.set(e.detail.file, e.detail.entryId));
    el.addFiles(files);
    await waitFor(() => entries.size === files.length, 'every upload to complete', 150_000);
    for (const file of files) {
      const entry = (await entryInfo(entries.get(file)!))!;
      assert.equal(entry.sha256, await sha256Hex(file), file.name);
      assert.oneOf(entry.status, [1, 2]);
    }
    return { timeouts, concurrency: await requestConcurrency(), log: await requestLog() };
  }

  // A 3 s stall timer: a chunk waiting for a connection would wait a whole chunk's time (4 s) and
  // be aborted, while one that moves reports progress well within it in every engine (Firefox
  // reports upload progress only every 1-2 s with six requests in flight; Chromium many times a second).
  it('three 48 MiB files in 8 MiB chunks at 2 MB/s per request: no request aborted by its stall timer, never more than 6 in flight', async () => {
    await setFaults([{ kind: 'bandwidth', service: 'uploadToken', action: 'upload', bytesPerSecond: 2_000_000 }]);
    const files = [0, 1, 2].map((i) => patternedFile(48 * MiB + i, `big-${i}.mp4`, 'video/mp4'));
    const { timeouts, concurrency, log } = await uploadAll(files, 8 * MiB, { stallTimeout: 3000 });
    assert.deepEqual(timeouts, [], 'no stall timeout');
    assert.deepEqual(log.filter((r) => r.outcome !== 'ok').map((r) => `${r.service}.${r.action}: ${r.outcome}`), [], 'no request aborted or failed');
    assert.isAtMost(concurrency.max, 6);
    assert.isAtLeast(concurrency.max, 4, 'the budget is used');
  });

  it('`maxConnections` (here 2) bounds every request of all the files together', async () => {
    await setFaults([{ kind: 'latency', service: 'uploadToken', action: 'upload', ms: 30 }]);
    const files = [0, 1, 2].map((i) => patternedFile(3 * MiB + i, `small-${i}.mp4`, 'video/mp4'));
    const { concurrency } = await uploadAll(files, 256 * 1024, { maxConnections: 2 });
    assert.equal(concurrency.max, 2);
  });
});
