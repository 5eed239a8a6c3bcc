// "Exactly one entry gets the file, and it is the one returned": every call that makes the entry
// (and uploadToken.add) has its answer lost by the server after it did the work, in both orders
// (the default, entry after the bytes; and attachFirst). With `times: 1` Chromium itself often sends
// the POST again on its reused keep-alive connection (the engine never sees the loss); with
// `times: 2` that re-send is lost too and the engine's own retry follows. Each case ends with the
// bytes checked and the user's entries listed through the API: one, with the file, none in
// IMPORT (0) or NO_CONTENT (7).
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload, MemoryResumeStore, type ChunkedUploadOptions } from '../../src/index.js';
import { adminKs, entryInfo, requestLog, resetServer, setFaults, sha256Hex, tokenInfo, type FaultRule } from '../helpers/kaltura-server.js';
import { entriesOf, freshUserKs, openTokensOf, patternedFile } from './upload-helpers.js';

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
  return { result, ks, log: await requestLog() };
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
    // The entry's calls (media.add + addContent, one multirequest) lost once: Chromium often sends
    // the request again by itself on its reused connection, and the server runs it twice; else
    // the engine's own retry asks the token first. Either way one entry is left, with the file.
    for (const [service, action] of [['media', 'add'], ['media', 'addContent']]) {
      it(`${mode}: ${service}.${action}'s answer lost: the token names the entry; an entry the browser's re-send made is deleted`, async () => {
        const { result, log } = await uploadWithOneEntry(lose(service!, action!, 1), { attachFirst });
        assert.isAtLeast(ran(log, 'media.add'), 1);
        assert.isAtMost(log.filter((r) => r.action === 'add' && r.service === 'media').length, 2, 'the engine itself did not send it again: the token said');
        assert.include(log.filter((r) => r.action === 'addcontent').map((r) => r.entryId), result.entryId);
      });
    }

    it(`${mode}: the entry's request run twice (a browser's own re-send) and flavorAsset.list failing once while that is sorted out: one entry, with the file`, async () => {
      // Found by the soak (seed 1, #23): the retry asked the token again, which the second run
      // had moved to its own entry (one that never gets the file), and returned that entry.
      const { log } = await uploadWithOneEntry([
        { kind: 'runTwice', service: 'multirequest', times: 1 },
        { kind: 'http500', service: 'flavorAsset', action: 'list', times: 1 },
      ], { attachFirst });
      assert.equal(log.filter((r) => r.service === 'multirequest' && r.faults?.includes('runTwice')).length, 1, 'the server ran the entry\'s request twice');
      // After the bytes the second run finds the token closed and makes no entry.
      assert.equal(ran(log, 'media.add'), attachFirst ? 2 : 1);
      assert.isAtLeast(ran(log, 'flavorasset.list'), 2, 'and the first flavorAsset.list failed');
    });

    it(`${mode}: the entry's request run three times (a browser's re-send sent again): one entry, with the file`, async () => {
      // Found by the soak (seed 4, #24): Kaltura re-attaches even a CLOSED token to each new
      // entry (protocol 14.4), so after three runs the token named the second, empty entry, and
      // that one was returned. After the bytes, a run once the token is closed makes nothing.
      const faults: FaultRule[] = [{ kind: 'runTwice', service: 'multirequest', runs: 3, times: 1 }];
      if (!attachFirst) {
        const { log } = await uploadWithOneEntry(faults);
        assert.equal(log.filter((r) => r.service === 'multirequest' && r.faults?.includes('runTwice')).length, 1, 'the entry\'s request ran three times');
        return;
      }
      // Attach-first: nothing in the token tells the third run from the second, so the first
      // run's entry can be left in IMPORT (docs/engine-states.md); the one returned gets the file.
      const ks = await freshUserKs();
      const file = patternedFile(3 * chunk + 17, 'thrice.mp4', 'video/mp4');
      await setFaults(faults);
      const result = await new ChunkedUpload(file, { serviceUrl: location.origin, ks, chunkSize: chunk, retry, attachFirst }).start();
      await setFaults([]);
      assert.equal((await entryInfo(result.entryId))?.sha256, await sha256Hex(file), 'the entry returned holds the file');
      assert.isAtMost((await entriesOf(ks)).filter((e) => e.status === 0 || e.status === 7).length, 1);
    });

    if (attachFirst) it(`${mode}: the answer and the browser's own re-send both lost: the entry returned gets the file`, async () => {
      // Known limit (docs/engine-states.md): the re-send moved the token to a second entry and its
      // answer, which named the first, is lost: that first entry may be left over, in IMPORT.
      const ks = await freshUserKs();
      const file = patternedFile(3 * chunk + 17, 'twice-lost.mp4', 'video/mp4');
      await setFaults(lose('media', 'add', 2));
      const outcome = await new ChunkedUpload(file, { serviceUrl: location.origin, ks, chunkSize: chunk, retry, attachFirst }).start().then((r) => r, (e: Error) => e);
      await setFaults([]);
      if ('entryId' in outcome) assert.equal((await entryInfo(outcome.entryId))?.sha256, await sha256Hex(file), 'the entry returned holds the file');
      assert.isAtMost((await entriesOf(ks)).filter((e) => e.status === 0 || e.status === 7).length, 1);
    });

    for (const times of [1, 2]) {
      it(`${mode}: uploadToken.add's answer lost ${times}×`, async () => {
        const { log } = await uploadWithOneEntry(lose('uploadToken', 'add', times), { attachFirst });
        assert.isAtLeast(ran(log, 'uploadtoken.add'), 2);
      });

      it(`${mode}: uploadToken.add made a token but a gateway answered 504, ${times}×: those tokens are deleted once it completes`, async () => {
        // The engine's own retry (a browser re-sends a request by itself only when no answer came,
        // as with a lost one: the page never learns of that, and such an empty token is left to
        // expire, docs/engine-states.md).
        const { ks, log } = await uploadWithOneEntry([{ kind: 'gatewayTimeout', service: 'uploadToken', action: 'add', times }], { attachFirst });
        assert.equal(ran(log, 'uploadtoken.add'), times + 1, 'each 504 came after the server made a token');
        assert.deepEqual(await openTokensOf(ks), [], 'no token of the user left open');
      });

      it(`${mode}: the final chunk's answer lost ${times}×`, async () => {
        const { log } = await uploadWithOneEntry(lose('uploadToken', 'upload', times, { finalChunk: true }), { attachFirst });
        assert.isAtLeast(log.filter((r) => r.action === 'upload' && r.finalChunk).length, 2);
      });
    }
  }

  it('the entry\'s multirequest answered with an exception for addContent: the empty entry it made is deleted, the next try makes one', async () => {
    const { log } = await uploadWithOneEntry([{ kind: 'exception', service: 'media', action: 'addContent', code: 'INTERNAL_DATABASE_ERROR', times: 1 }]);
    assert.isAtLeast(ran(log, 'media.addcontent'), 2, 'addContent sent again, alone, for the same entry');
  });

  it('attachFirst, the entry\'s answer lost and the upload given up: the same file again finds its entry through the token', async () => {
    const ks = await freshUserKs();
    const store = new MemoryResumeStore();
    const file = patternedFile(3 * chunk + 17, 'given-up.mp4', 'video/mp4');
    const options = { serviceUrl: location.origin, ks, chunkSize: chunk, attachFirst: true, resumeStore: store };
    // The entry is made, its answer lost (also that of every re-send Chromium makes by itself);
    // asking the token then fails until the upload gives up.
    await setFaults([{ kind: 'loseAnswer', service: 'media', action: 'add', times: 5 }, { kind: 'exception', service: 'uploadToken', action: 'get', times: 20 }]);
    const first = new ChunkedUpload(file, { ...options, retry: { retries: 1, minDelay: 10, maxDelay: 10 } });
    const error = await first.start().then(() => null, (e) => e);
    assert.isTrue(error?.retryable, `a retryable failure (${error?.code})`);
    assert.lengthOf(store.entries(), 1, 'the token is remembered before its entry');
    await setFaults([]);
    const added = ran(await requestLog(), 'media.add');
    const result = await new ChunkedUpload(file, { ...options, retry }).start();
    assert.equal(result.uploadTokenId, first.uploadTokenId, 'the remembered token goes on');
    assert.equal(ran(await requestLog(), 'media.add'), added, 'no new entry: the token named the one made');
    assert.equal((await entryInfo(result.entryId))?.sha256, await sha256Hex(file));
  });

  it('an older empty entry with the same name and referenceId (another upload\'s) is never touched', async () => {
    // Old main deleted empty entries with the same referenceId made since the token ("twins"):
    // two files started together with the same entry options deleted each other's entries.
    const referenceId = `shared-${Date.now()}`;
    const ks = await freshUserKs();
    const other = await fetch(`${location.origin}/api_v3/service/media/action/add?format=1`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ks, format: 1, entry: { objectType: 'KalturaMediaEntry', name: 'shared-ref.mp4', referenceId } }),
    }).then((r) => r.json());
    await setFaults([{ kind: 'loseAnswer', service: 'media', action: 'add', times: 1 }]);
    const file = patternedFile(2 * chunk, 'shared-ref.mp4', 'video/mp4');
    const result = await new ChunkedUpload(file, { serviceUrl: location.origin, ks, chunkSize: chunk, retry, entry: { referenceId } }).start();
    await setFaults([]);
    assert.equal((await entryInfo(result.entryId))?.sha256, await sha256Hex(file));
    assert.equal((await entryInfo(other.id))?.status, 7, 'the other upload\'s entry is still there, untouched');
    assert.sameMembers((await entriesOf(ks)).map((e) => e.id), [other.id, result.entryId]);
  });

  it('a referenceId a USER KS may not set is dropped by Kaltura without an error, and reported', async () => {
    const referenceId = `my-asset-${Date.now()}`;
    const { result } = await uploadWithOneEntry([], { entry: { referenceId, description: 'kept' } });
    assert.isUndefined((await entryInfo(result.entryId))?.referenceId, 'dropped, as kaltura.com does');
    assert.deepEqual(result.droppedFields, ['referenceId'], 'the one field asked for that the entry does not hold');
  });

  it('an ADMIN KS may set referenceId: it is kept, and nothing is reported dropped', async () => {
    const referenceId = `admin-asset-${Date.now()}`;
    const file = patternedFile(2 * chunk, 'admin-ref.mp4', 'video/mp4');
    const result = await new ChunkedUpload(file, { serviceUrl: location.origin, ks: await adminKs(), chunkSize: chunk, entry: { referenceId } }).start();
    assert.equal((await entryInfo(result.entryId))?.referenceId, referenceId);
    assert.deepEqual(result.droppedFields, []);
  });
});
