// Offline: while the browser reports no network, a failed request waits for `online` instead of
// using up its retries. The browser's state is emulated through navigator.onLine and the window's
// online/offline events; the failures themselves come from the real local API (dropped sockets).
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload, type UploadStateDetail } from '../../src/index.js';
import { entryInfo, resetServer, setFaults, sha256Hex, userKs } from '../helpers/kaltura-server.js';
import { patternedFile } from './upload-helpers.js';

const chunk = 64 * 1024;

function emulateOnline(online: boolean): void {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

describe('ChunkedUpload: offline', function () {
  this.timeout(180_000);
  beforeEach(resetServer);
  afterEach(() => {
    delete (navigator as { onLine?: boolean }).onLine; // back to the prototype's real getter
  });

  it('waits for the network without using up retries, then finishes', async () => {
    const file = patternedFile(8 * chunk + 3, 'offline.mp4', 'video/mp4');
    await setFaults([{ kind: 'drop', action: 'upload' }]); // every chunk fails while "offline"
    emulateOnline(false);
    // No retries at all: only waiting for `online` can get this upload through.
    const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks: await userKs(), chunkSize: chunk, retry: { retries: 0 } });
    const waits: UploadStateDetail[] = [];
    upload.addEventListener('statechange', (e) => {
      if (e.detail.reason !== 'offline') return;
      waits.push(e.detail);
      if (waits.length === 1) void setFaults([]).then(() => emulateOnline(true));
    });
    const result = await upload.start();
    assert.isAtLeast(waits.length, 1);
    assert.equal(waits[0].state, 'retrying');
    assert.equal(waits[0].error?.code, 'NETWORK_ERROR');
    assert.equal((await entryInfo(result.entryId))?.sha256, await sha256Hex(file));
  });

  it('without the offline signal the same failure uses the retry budget', async () => {
    const file = patternedFile(2 * chunk, 'online.mp4', 'video/mp4');
    await setFaults([{ kind: 'drop', action: 'upload' }]);
    const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks: await userKs(), chunkSize: chunk, retry: { retries: 0 } });
    const error = await upload.start().then(() => undefined, (e) => e);
    assert.equal(error?.code, 'NETWORK_ERROR');
  });
});
