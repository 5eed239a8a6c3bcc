// Kaltura's other ways in, through the engine against the real local API: replacing an entry's
// media (media.updateContent and its temporary entry), importing a link (KalturaUrlResource, the
// server downloading a file the test serves on loopback), and preparing an entry (media.add alone).
// Each case checks what a person would: the entry's bytes by sha256, its id, its statuses.
import { assert } from '@esm-bundle/chai';
import {
  ChunkedUpload, LocalStorageResumeStore, UploadError, approveReplace, waitForEntryReady, type ChunkedUploadOptions, type ReplacementDetail,
} from '../../src/index.js';
import {
  adminKs, entryInfo, requestLog, resetServer, serveFile, setFaults, setServerOptions, sha256Hex, userKs,
} from '../helpers/kaltura-server.js';
import { patternedFile } from './upload-helpers.js';

const KiB = 1024;
const serviceUrl = location.origin;

/** A new READY video entry holding `file`, made by an ordinary upload. */
async function entryWith(file: File, ks: string): Promise<string> {
  const { entryId } = await new ChunkedUpload(file, { serviceUrl, ks }).start();
  return entryId;
}

/** Replaces `entryId`'s media with `file`; returns the result and the replacementStatus values seen. */
async function replace(file: File, entryId: string, options: Partial<ChunkedUploadOptions> = {}) {
  const upload = new ChunkedUpload(file, { serviceUrl, ks: await userKs(), replaceEntryId: entryId, ...options });
  const seen: ReplacementDetail[] = [];
  upload.addEventListener('replacement', (e) => seen.push(e.detail));
  const result = await upload.start();
  return { upload, result, statuses: seen.map((d) => d.replacementStatus), tempEntryId: seen.find((d) => d.entry.replacingEntryId)?.entry.replacingEntryId };
}

const calls = async (action: string) => (await requestLog()).filter((r) => r.service === 'media' && r.action === action.toLowerCase());

describe('ChunkedUpload: replace media (replaceEntryId)', function () {
  this.timeout(60_000);
  beforeEach(resetServer);

  it('replaces the media of an entry: same id, the new bytes, the old content and the temporary entry gone', async () => {
    const ks = await userKs();
    const oldFile = patternedFile(100 * KiB, 'old.mp4', 'video/mp4');
    const newFile = patternedFile(150 * KiB + 3, 'new.mp4', 'video/mp4');
    const entryId = await entryWith(oldFile, ks);
    const before = await entryInfo(entryId);
    assert.equal(before?.sha256, await sha256Hex(oldFile));
    // The temporary entry converts for a while: the replacement is seen running, then done.
    await setServerOptions({ conversionMs: 1500 });
    const { result, statuses, tempEntryId } = await replace(newFile, entryId);
    assert.equal(result.entryId, entryId, 'the same entry');
    assert.deepEqual(result.replacement, { status: 'replaced' });
    assert.deepEqual(statuses, ['1', '0'], 'APPROVED_BUT_NOT_READY, then NONE (values as strings)');
    const after = await entryInfo(entryId);
    assert.equal(after?.sha256, await sha256Hex(newFile), 'the entry holds the new file');
    assert.notEqual(after?.sha256, before?.sha256, 'the old content is gone');
    assert.equal(after?.status, 2);
    assert.equal(after?.replacementStatus, 0);
    assert.isString(tempEntryId);
    assert.equal((await entryInfo(tempEntryId!))?.status, 3, 'the temporary entry is deleted');
    assert.lengthOf(await calls('add'), 1, 'no new entry: media.add ran only for the original');
    assert.lengthOf(await calls('updateContent'), 1);
    assert.lengthOf(await calls('addContent'), 1, 'addContent ran only for the original');
  });

  it('waits for approval when the partner needs it; a USER KS may not approve (SERVICE_FORBIDDEN), an ADMIN KS finishes it', async () => {
    const ks = await userKs();
    const oldFile = patternedFile(40 * KiB, 'old.mp4', 'video/mp4');
    const newFile = patternedFile(60 * KiB, 'new.mp4', 'video/mp4');
    const entryId = await entryWith(oldFile, ks);
    await setServerOptions({ replacementApproval: true });
    const { result, statuses, tempEntryId } = await replace(newFile, entryId);
    assert.equal(result.replacement?.status, 'awaiting-approval');
    assert.equal(result.replacement?.replacingEntryId, tempEntryId);
    assert.deepEqual(statuses, ['3', '2'], 'NOT_READY_AND_NOT_APPROVED, then READY_BUT_NOT_APPROVED');
    assert.equal((await entryInfo(entryId))?.sha256, await sha256Hex(oldFile), 'still the old media until approved');

    const refused = await approveReplace(entryId, { serviceUrl, ks }).then(() => undefined, (e: UploadError) => e);
    assert.instanceOf(refused, UploadError);
    assert.equal(refused?.code, 'SERVICE_FORBIDDEN');
    assert.match(refused!.message, /CONTENT_INGEST_REPLACE/);
    assert.notInclude(refused!.message, ks);
    assert.equal((await entryInfo(entryId))?.sha256, await sha256Hex(oldFile));
    const notCancelled = await ChunkedUpload.cancelReplace(entryId, { serviceUrl, ks }).then(() => undefined, (e: UploadError) => e);
    assert.equal(notCancelled?.code, 'SERVICE_FORBIDDEN', 'the static method says the same');
    assert.equal((await entryInfo(entryId))?.replacementStatus, 2, 'still waiting');

    const approved = await ChunkedUpload.approveReplace(entryId, { serviceUrl, ks: await adminKs() });
    assert.equal(approved.id, entryId);
    assert.equal(String(approved.replacementStatus), '0');
    assert.equal((await entryInfo(entryId))?.sha256, await sha256Hex(newFile), 'approved: the new media');
  });

  it('a temporary entry whose conversion fails leaves the original with its old media', async () => {
    const ks = await userKs();
    const oldFile = patternedFile(40 * KiB, 'old.mp4', 'video/mp4');
    const entryId = await entryWith(oldFile, ks);
    await setFaults([{ kind: 'failConversion', times: 1 }]);
    const { result, statuses } = await replace(patternedFile(50 * KiB, 'broken.mp4', 'video/mp4'), entryId);
    assert.equal(result.replacement?.status, 'failed');
    assert.equal(statuses.at(-1), '4', 'FAILED');
    const info = await entryInfo(entryId);
    assert.equal(info?.sha256, await sha256Hex(oldFile), 'the old media stays');
    assert.equal(info?.status, 2, 'and still plays');
  });

  it('a lost updateContent answer starts no second replacement', async () => {
    const ks = await userKs();
    const entryId = await entryWith(patternedFile(40 * KiB, 'old.mp4', 'video/mp4'), ks);
    const newFile = patternedFile(70 * KiB, 'new.mp4', 'video/mp4');
    // A conversion that takes a moment, as Kaltura's always does: a re-sent updateContent meets the
    // running replacement (ENTRY_REPLACEMENT_ALREADY_EXISTS), whoever re-sends it (the engine, or
    // Chromium itself on a reset keep-alive connection).
    await setServerOptions({ conversionMs: 800 });
    await setFaults([{ kind: 'loseAnswer', service: 'media', action: 'updateContent', times: 1 }]);
    const { result } = await replace(newFile, entryId, { retry: { minDelay: 20, maxDelay: 100 } });
    assert.equal(result.replacement?.status, 'replaced');
    const sent = await calls('updateContent');
    // Sent once by the engine (the token said the first one got through); Chromium may re-send the
    // lost one by itself, and that one is refused: the replacement is the first one's.
    assert.equal(sent.filter((r) => r.outcome === 'ok').length, 1, JSON.stringify(sent));
    assert.isTrue(sent.slice(1).every((r) => r.outcome === 'ENTRY_REPLACEMENT_ALREADY_EXISTS'));
    assert.equal((await entryInfo(entryId))?.sha256, await sha256Hex(newFile));
  });

  it('a lost updateContent answer into a prepared (NO_CONTENT) entry gives it the file once', async () => {
    const prepared = await ChunkedUpload.prepareEntry({ serviceUrl, ks: await userKs(), entry: { name: 'Later' } });
    assert.equal(prepared.status, 7, 'NO_CONTENT');
    const file = patternedFile(80 * KiB, 'later.mp4', 'video/mp4');
    await setFaults([{ kind: 'loseAnswer', service: 'media', action: 'updateContent', times: 1 }]);
    const { result } = await replace(file, prepared.id, { retry: { minDelay: 20, maxDelay: 100 } });
    assert.equal(result.entryId, prepared.id);
    assert.isUndefined(result.replacement, 'no replacement: the empty entry took the file');
    const info = await entryInfo(prepared.id);
    assert.equal(info?.sha256, await sha256Hex(file));
    assert.equal(info?.name, 'Later');
    assert.equal((await waitForEntryReady(prepared.id, { serviceUrl, ks: await userKs(), minDelay: 100 })).state, 'ready');
  });

  it('ENTRY_REPLACEMENT_ALREADY_EXISTS for another replacement is an error, not "ours"', async () => {
    const ks = await userKs();
    const entryId = await entryWith(patternedFile(40 * KiB, 'old.mp4', 'video/mp4'), ks);
    await setServerOptions({ replacementApproval: true });
    await replace(patternedFile(50 * KiB, 'first.mp4', 'video/mp4'), entryId);
    const error = await replace(patternedFile(60 * KiB, 'second.mp4', 'video/mp4'), entryId).then(() => undefined, (e: UploadError) => e);
    assert.equal(error?.code, 'ENTRY_REPLACEMENT_ALREADY_EXISTS');
  });

  it('resumes after a reload into the same replacement (the target is kept in the resume record)', async () => {
    const ks = await userKs();
    const oldFile = patternedFile(40 * KiB, 'old.mp4', 'video/mp4');
    const entryId = await entryWith(oldFile, ks);
    const store = new LocalStorageResumeStore(`replace-test-${Math.random().toString(36).slice(2)}`);
    const file = patternedFile(20 * 64 * KiB, 'new.mp4', 'video/mp4');
    const common = { serviceUrl, ks, chunkSize: 64 * KiB, concurrency: 2, resumeStore: store };
    // "Close the tab" half-way: its chunks are refused, so it fails and keeps its record (a paused
    // upload would still hold its file's lock: upload-lock.ts), and the object is dropped.
    await setFaults([{ kind: 'latency', action: 'upload', ms: 40 }, { kind: 'stall', action: 'upload', finalChunk: true }]);
    const first = new ChunkedUpload(file, { ...common, replaceEntryId: entryId });
    const halfway = new Promise<void>((resolve) => first.addEventListener('progress', (e) => {
      if (e.detail.bytesConfirmed >= file.size / 2 && first.state === 'uploading') resolve();
    }));
    const failed = first.start().then(() => assert.fail('the upload was to be cut off'), () => undefined);
    await halfway;
    await setFaults([{ kind: 'exception', code: 'UPLOAD_TOKEN_NOT_FOUND', action: 'upload' }]);
    await failed;
    while ((await requestLog()).some((r) => r.outcome === 'pending')) await new Promise((r) => setTimeout(r, 50));
    await setFaults([]);
    // The page after the reload knows only the file: the record knows the target.
    const again = new ChunkedUpload(file, common);
    const result = await again.start();
    assert.isAbove(again.resumedFrom, 0, 'continued where it stopped');
    assert.equal(result.entryId, entryId, 'into the same entry');
    assert.equal(result.replacement?.status, 'replaced');
    assert.equal((await entryInfo(entryId))?.sha256, await sha256Hex(file));
    assert.lengthOf(await calls('add'), 1, 'no new entry');
  });

  it('a cancel while the replacement runs calls it off (media.cancelReplace, with a KS allowed to): the old media stays', async () => {
    const oldFile = patternedFile(40 * KiB, 'old.mp4', 'video/mp4');
    const entryId = await entryWith(oldFile, await userKs());
    await setServerOptions({ conversionMs: 20_000 });
    const upload = new ChunkedUpload(patternedFile(50 * KiB, 'new.mp4', 'video/mp4'), { serviceUrl, ks: await adminKs(), replaceEntryId: entryId });
    const running = new Promise<void>((resolve) => upload.addEventListener('replacement', (e) => e.detail.replacementStatus === '1' && resolve()));
    const started = upload.start().then(() => 'resolved', (e: UploadError) => e.code);
    await running;
    await upload.cancel();
    assert.equal(await started, 'CANCELLED');
    assert.equal(upload.state, 'cancelled');
    assert.lengthOf(await calls('cancelReplace'), 1);
    const info = await entryInfo(entryId);
    assert.equal(info?.sha256, await sha256Hex(oldFile));
    assert.equal(info?.replacementStatus, 0);
    assert.isUndefined(info?.replacingEntryId);
  });

  it('a cancel before updateContent leaves the entry untouched', async () => {
    const ks = await userKs();
    const oldFile = patternedFile(40 * KiB, 'old.mp4', 'video/mp4');
    const entryId = await entryWith(oldFile, ks);
    await setFaults([{ kind: 'stall', action: 'upload', finalChunk: true }]);
    const upload = new ChunkedUpload(patternedFile(3 * 64 * KiB, 'new.mp4', 'video/mp4'), { serviceUrl, ks, chunkSize: 64 * KiB, replaceEntryId: entryId });
    const started = upload.start().then(() => 'resolved', (e: UploadError) => e.code);
    while (!(await requestLog()).some((r) => r.action === 'upload' && r.finalChunk)) await new Promise((r) => setTimeout(r, 20));
    await upload.cancel();
    assert.equal(await started, 'CANCELLED');
    await setFaults([]);
    assert.lengthOf(await calls('updateContent'), 0);
    const info = await entryInfo(entryId);
    assert.equal(info?.sha256, await sha256Hex(oldFile));
    assert.equal(info?.replacementStatus, undefined, 'no replacement was ever asked for');
  });
});

describe('ChunkedUpload: import from a link (a URL source)', function () {
  this.timeout(60_000);
  beforeEach(resetServer);

  it('imports a served file: the entry reaches READY holding exactly the served bytes, named after the link', async () => {
    const file = patternedFile(300 * KiB + 7, 'clip.mp4', 'video/mp4');
    const url = await serveFile('holiday clip.mp4', file);
    const ks = await userKs();
    const states: string[] = [];
    const upload = new ChunkedUpload(new URL(url), { serviceUrl, ks });
    upload.addEventListener('statechange', (e) => states.push(e.detail.state));
    const result = await upload.start();
    assert.deepEqual(states, ['finalizing', 'complete']);
    assert.equal(result.entry.status, 0, 'IMPORT when Kaltura took the link');
    assert.equal(result.entry.name, 'holiday clip.mp4', "the link's last path segment");
    assert.equal(result.uploadTokenId, '', 'no upload token: no bytes went through the browser');
    assert.lengthOf((await requestLog()).filter((r) => r.service === 'uploadtoken'), 0);
    const seen: number[] = [];
    const outcome = await waitForEntryReady(result.entryId, { serviceUrl, ks, entry: result.entry, minDelay: 100, onEntry: (e) => seen.push(Number(e.status)) });
    assert.equal(outcome.state, 'ready');
    const info = await entryInfo(result.entryId);
    assert.equal(info?.sha256, await sha256Hex(file));
    assert.equal(info?.sourceUrl, url);
    assert.equal(info?.mediaType, 1);
  });

  it('a link that answers 404 ends in -2 ERROR_IMPORTING', async () => {
    const url = await serveFile('missing.mp4');
    const ks = await userKs();
    const result = await new ChunkedUpload(new URL(url), { serviceUrl, ks, entry: { name: 'Missing' } }).start();
    assert.equal(result.entry.name, 'Missing');
    const outcome = await waitForEntryReady(result.entryId, { serviceUrl, ks, entry: result.entry, minDelay: 100 });
    assert.equal(outcome.state, 'failed');
    assert.equal(outcome.entry.status, -2, 'ERROR_IMPORTING, not -1');
  });

  for (const link of ['javascript:alert(1)', 'file:///etc/passwd', 'data:video/mp4;base64,AAAA', 'ftp://example.com/a.mp4']) {
    it(`refuses ${link.split(':')[0]}: links before any request (INVALID_URL)`, async () => {
      const ks = await userKs();
      await resetServer();
      const error = await new ChunkedUpload(new URL(link), { serviceUrl, ks }).start().then(() => undefined, (e: UploadError) => e);
      assert.instanceOf(error, UploadError);
      assert.equal(error?.code, 'INVALID_URL');
      assert.lengthOf(await requestLog(), 0, 'nothing was sent');
    });
  }
});

describe('ChunkedUpload.prepareEntry', function () {
  this.timeout(60_000);
  beforeEach(resetServer);

  it('makes one entry without content (7 NO_CONTENT) that a later replaceEntryId upload fills', async () => {
    const ks = await userKs();
    const entry = await ChunkedUpload.prepareEntry({ serviceUrl, ks, entry: { name: 'Recording at 9', mediaType: 5 } });
    assert.equal(entry.status, 7);
    assert.equal(entry.name, 'Recording at 9');
    assert.lengthOf(await calls('add'), 1);
    assert.equal((await entryInfo(entry.id))?.status, 7);
    const file = patternedFile(30 * KiB, 'take.mp3', 'audio/mpeg');
    const { result } = await replace(file, entry.id);
    assert.equal(result.entryId, entry.id);
    const info = await entryInfo(entry.id);
    assert.equal(info?.sha256, await sha256Hex(file));
    assert.equal(info?.mediaType, 5);
  });

  it('checks its options like an upload (INVALID_OPTIONS before any request)', async () => {
    const error = await ChunkedUpload.prepareEntry({ serviceUrl: 'javascript:x', ks: 'x' }).then(() => undefined, (e: UploadError) => e);
    assert.equal(error?.code, 'INVALID_OPTIONS');
  });
});
