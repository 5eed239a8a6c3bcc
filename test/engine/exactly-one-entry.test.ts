// "Exactly one entry gets the file, and it is the one returned": every call that makes the entry
// (and uploadToken.add) has its answer lost by the server after it did the work, in both orders
// (the default, entry after the bytes; and attachFirst). With `times: 1` Chromium itself often sends
// the POST again on its reused keep-alive connection (the engine never sees the loss); with
// `times: 2` that re-send is lost too and the engine's own retry follows. Each case ends with the
// bytes checked and the user's entries listed through the API: one, with the file, none in
// IMPORT (0) or NO_CONTENT (7).
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload, MemoryResumeStore, type ChunkedUploadOptions } from '../../src/index.js';
import { entryInfo, requestLog, resetServer, setFaults, sha256Hex, tokenInfo, type FaultRule } from '../helpers/kaltura-server.js';
import { entriesOf, freshUserKs, patternedFile } from './upload-helpers.js';

const chunk = 64 * 1024;
const retry = { retries: 6, minDelay: 20, maxDelay: 200 };

/** Uploads with `faults` set, then checks what a user would: the bytes, the entry, and that it is the user's only one. */
async function uploadWithOneEntry(faults: FaultRule[], options: Partial<ChunkedUploadOptions> = {}) {
  const ks = await freshUserKs();
  const file = patternedFile(3 * chunk + 17, 'one-entry.mp4', 'video/mp4');
  await setFaults(faults);
  const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks, chunkSize: chunk, retry, ...options });
  const result = await upload.start();
  await setFaults([]);
  const entry = await entryInfo(result.entryId);
  assert.equal(entry?.sha256, await sha256Hex(file), 'the entry returned holds exactly the file');
  assert.oneOf(entry?.status, [1, 2], 'and has its content (converting or ready)');
  assert.equal((await tokenInfo(result.uploadTokenId))?.status, 3, 'the token went into it');
  assert.equal(result.entry.id, result.entryId);
  const entries = await entriesOf(ks);
  assert.deepEqual(entries.map((e) => e.id), [result.entryId], `one entry for the user: ${JSON.stringify(entries)}`);
  return { result, log: await requestLog() };
}

/** How often the server ran `service.action` (a lost answer still ran it). */
const ran = (log: { service: string; action: string }[], call: string) => log.filter((r) => `${r.service}.${r.action}` === call).length;

describe('ChunkedUpload: exactly one entry, whatever answers are lost', function () {
  this.timeout(120_000);
  beforeEach(resetServer);

  const lose = (service: string, action: string, times: number, extra: Partial<FaultRule> = {}): FaultRule[] =>
    [{ kind: 'loseAnswer', service, action, times, ...extra }];

  for (const attachFirst of [false, true]) {
    const mode = attachFirst ? 'attachFirst' : 'entry after the bytes';
    for (const times of [1, 2]) {
      it(`${mode}: media.add's answer lost ${times}×: the empty twins are deleted`, async () => {
        const { log } = await uploadWithOneEntry(lose('media', 'add', times), { attachFirst });
        assert.isAtLeast(ran(log, 'media.add'), 2, 'media.add ran again after the lost answer');
        assert.isAtLeast(log.filter((r) => r.service === 'media' && r.action === 'delete' && r.outcome === 'ok').length, 1, 'a twin was deleted');
      });

      it(`${mode}: media.addContent's answer lost ${times}×: the entry that got the token is the one returned`, async () => {
        const { result, log } = await uploadWithOneEntry(lose('media', 'addContent', times), { attachFirst });
        const contents = log.filter((r) => r.action === 'addcontent');
        assert.isAtLeast(contents.length, 2, 'addContent went again');
        assert.isTrue(contents.every((r) => r.entryId === result.entryId), 'always for the same entry');
        assert.include(contents.map((r) => r.outcome), 'ENTRY_ALREADY_WITH_CONTENT', 'the repeat met the entry the first one filled');
      });

      it(`${mode}: uploadToken.add's answer lost ${times}×`, async () => {
        const { log } = await uploadWithOneEntry(lose('uploadToken', 'add', times), { attachFirst });
        assert.isAtLeast(ran(log, 'uploadtoken.add'), 2);
      });

      it(`${mode}: the final chunk's answer lost ${times}×`, async () => {
        const { log } = await uploadWithOneEntry(lose('uploadToken', 'upload', times, { finalChunk: true }), { attachFirst });
        assert.isAtLeast(log.filter((r) => r.action === 'upload' && r.finalChunk).length, 2);
      });
    }
  }

  it('the multirequest of media.add and its look for twins lost as a whole, and an emptied answer after media.add ran', async () => {
    const { log } = await uploadWithOneEntry([
      { kind: 'loseAnswer', service: 'multirequest', times: 1 },
      { kind: 'emptyBody', service: 'media', action: 'list', times: 1 },
    ]);
    assert.isAtLeast(ran(log, 'media.add'), 3);
  });

  it('attachFirst, media.add\'s answers lost until the upload gives up: the same file again makes the entry and deletes the twins', async () => {
    const ks = await freshUserKs();
    const store = new MemoryResumeStore();
    const file = patternedFile(3 * chunk + 17, 'given-up.mp4', 'video/mp4');
    const options = { serviceUrl: location.origin, ks, chunkSize: chunk, attachFirst: true, resumeStore: store };
    await setFaults([{ kind: 'loseAnswer', service: 'media', action: 'add', times: 3 }]);
    const first = new ChunkedUpload(file, { ...options, retry: { retries: 1, minDelay: 10, maxDelay: 10 } });
    const error = await first.start().then(() => null, (e) => e);
    assert.isTrue(error?.retryable, `a retryable failure (${error?.code})`);
    assert.lengthOf(store.entries(), 1, 'the token is remembered before its entry');
    assert.isAtLeast((await entriesOf(ks)).length, 2, 'the lost media.adds made entries');
    await setFaults([]);
    const result = await new ChunkedUpload(file, { ...options, retry }).start();
    assert.equal(result.uploadTokenId, first.uploadTokenId, 'the remembered token goes on');
    assert.equal((await entryInfo(result.entryId))?.sha256, await sha256Hex(file));
    assert.deepEqual((await entriesOf(ks)).map((e) => e.id), [result.entryId]);
  });

  it('an older empty entry with the caller\'s referenceId is not this upload\'s: it stays', async () => {
    const referenceId = `shared-${Date.now()}`;
    const ks = await freshUserKs();
    const old = await fetch(`${location.origin}/api_v3/service/media/action/add?format=1`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ks, format: 1, entry: { objectType: 'KalturaMediaEntry', name: 'older', referenceId } }),
    }).then((r) => r.json());
    await new Promise((r) => setTimeout(r, 1100)); // Kaltura's times are whole seconds
    await setFaults([{ kind: 'loseAnswer', service: 'media', action: 'add', times: 2 }]);
    const file = patternedFile(2 * chunk, 'shared-ref.mp4', 'video/mp4');
    const result = await new ChunkedUpload(file, { serviceUrl: location.origin, ks, chunkSize: chunk, retry, entry: { referenceId } }).start();
    await setFaults([]);
    assert.equal((await entryInfo(result.entryId))?.sha256, await sha256Hex(file));
    assert.sameMembers((await entriesOf(ks)).map((e) => e.id), [old.id, result.entryId], 'the twins made by the lost answers are gone, the older entry stays');
  });

  it('a caller-set referenceId is kept and finds the twins', async () => {
    const referenceId = `my-asset-${Date.now()}`;
    const { result } = await uploadWithOneEntry(lose('media', 'add', 2), { entry: { referenceId } });
    assert.equal((await entryInfo(result.entryId))?.referenceId, referenceId);
  });
});
