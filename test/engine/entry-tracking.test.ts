// waitForEntryReady, the headless way to follow a new entry until it can be played, against the
// real local API: PRECONVERT then READY, an injected conversion error, abort, errors as
// UploadError, a refused KS replaced through a `ks` function, server trouble read through, and
// the waits growing from `minDelay`.
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload, UploadError, waitForEntryReady, type KalturaMediaEntry } from '../../src/index.js';
import { requestLog, resetServer, setFaults, setServerOptions, userKs } from '../helpers/kaltura-server.js';
import { patternedFile } from './upload-helpers.js';

const upload = async (name = 'clip.mp4') =>
  new ChunkedUpload(patternedFile(5000, name, 'video/mp4'), { serviceUrl: location.origin, ks: await userKs() }).start();
const reads = async (entryId: string) => (await requestLog()).filter((r) => r.action === 'get' && r.entryId === entryId);

describe('waitForEntryReady', function () {
  this.timeout(60_000);
  beforeEach(resetServer);
  afterEach(() => setFaults([]));

  it('reads the entry through PRECONVERT until READY, reporting each read', async () => {
    await setServerOptions({ conversionMs: 800 });
    const { entryId, entry } = await upload();
    assert.equal(entry.status, 1, 'converting when the upload ends');
    const seen: number[] = [];
    const outcome = await waitForEntryReady(entryId, {
      serviceUrl: location.origin, ks: await userKs(), entry, minDelay: 100, onEntry: (e) => seen.push(Number(e.status)),
    });
    assert.equal(outcome.state, 'ready');
    assert.equal(outcome.entry.id, entryId);
    assert.equal(outcome.entry.status, 2);
    assert.isAtLeast(seen.length, 2);
    assert.deepEqual([seen[0], seen.at(-1)], [1, 2]);
    const at = (await reads(entryId)).map((r) => r.at);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    // Backing off ×1.5 a read: each wait longer than the one before (request times on a loaded
    // machine blur a few ms), and the last well beyond the first.
    assert.isTrue(gaps.every((g, i) => i === 0 || g > gaps[i - 1]!), `waits grow: ${gaps.join(', ')} ms`);
    if (gaps.length > 1) assert.isAtLeast(gaps.at(-1)!, gaps[0]! * 1.3, `waits grow: ${gaps.join(', ')} ms`);
  });

  it('settles at once, without a request, for an entry already READY; reads at once without `entry`', async () => {
    const { entryId } = await upload('photo.png');
    const ready = { id: entryId, status: 2, objectType: 'KalturaMediaEntry' } as KalturaMediaEntry;
    assert.equal((await waitForEntryReady(entryId, { serviceUrl: location.origin, ks: 'unused', entry: ready })).state, 'ready');
    assert.lengthOf(await reads(entryId), 0);
    const read = await waitForEntryReady(entryId, { serviceUrl: location.origin, ks: await userKs() });
    assert.equal(read.state, 'ready');
    assert.lengthOf(await reads(entryId), 1);
  });

  it('an injected conversion error: failed, with the entry in -1 ERROR_CONVERTING', async () => {
    await setServerOptions({ conversionMs: 200 });
    await setFaults([{ kind: 'failConversion', times: 1 }]);
    const { entryId, entry } = await upload();
    const outcome = await waitForEntryReady(entryId, { serviceUrl: location.origin, ks: await userKs(), entry, minDelay: 100 });
    assert.deepEqual([outcome.state, outcome.entry.status], ['failed', -1]);
  });

  it('abort rejects with CANCELLED and sends nothing more', async () => {
    await setServerOptions({ conversionMs: 600_000 });
    const { entryId, entry } = await upload();
    const stop = new AbortController();
    const following = waitForEntryReady(entryId, { serviceUrl: location.origin, ks: await userKs(), entry, minDelay: 100, signal: stop.signal });
    await new Promise((r) => setTimeout(r, 350));
    stop.abort();
    const error = await following.then(() => undefined, (e: unknown) => e);
    assert.instanceOf(error, UploadError);
    assert.equal((error as UploadError).code, 'CANCELLED');
    const count = (await reads(entryId)).length;
    assert.isAtLeast(count, 1);
    await new Promise((r) => setTimeout(r, 600));
    assert.lengthOf(await reads(entryId), count);
  });

  it('an unknown entry or a refused KS string rejects with Kaltura’s code', async () => {
    const options = { serviceUrl: location.origin, ks: await userKs() };
    const missing = await waitForEntryReady('0_nosuchid', options).catch((e: UploadError) => e);
    assert.deepEqual([(missing as UploadError).code, (missing as UploadError).call], ['ENTRY_ID_NOT_FOUND', 'media.get']);
    const { entryId } = await upload();
    const refused = await waitForEntryReady(entryId, { ...options, ks: 'not-a-ks' }).catch((e: UploadError) => e);
    assert.equal((refused as UploadError).code, 'INVALID_KS');
  });

  it('an expired KS is replaced through the ks function; HTTP 503 and a dropped read are read through', async () => {
    await setServerOptions({ conversionMs: 300 });
    const { entryId, entry } = await upload();
    let asked = 0;
    const ks = async () => {
      asked++;
      return userKs();
    };
    await setFaults([
      { kind: 'expireKs', service: 'media', action: 'get', times: 1 },
      { kind: 'http503', service: 'media', action: 'get', times: 1 },
      { kind: 'drop', service: 'media', action: 'get', times: 1 },
    ]);
    const outcome = await waitForEntryReady(entryId, { serviceUrl: location.origin, ks, entry, minDelay: 50 });
    assert.equal(outcome.state, 'ready');
    assert.equal(asked, 2, 'the first KS, then one replacement');
    const outcomes = (await reads(entryId)).map((r) => r.outcome);
    assert.includeMembers(outcomes, ['INVALID_KS', 'fault:http503', 'fault:drop', 'ok']);
  });
});
