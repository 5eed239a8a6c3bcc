// "Nothing lost", as a person sees it in <kaltura-uploader>: an upload cut off by a closed tab
// continues in a new element ("Resuming from N%"), interrupted uploads are listed until the file is
// chosen again or forgotten, a lost network reads "Waiting for network", and leaving the page while
// bytes are in flight asks first. Real uploads to the local API; a closed tab is an element paused
// and dropped (its requests end, its engine never runs again), as in test/engine/resume.test.ts.
import { assert } from '@esm-bundle/chai';
import { LocalStorageResumeStore, MemoryResumeStore, type ResumeRecord, type ResumeStore } from '../../src/index.js';
import type { KalturaUploaderElement } from '../../src/element/kaltura-uploader.js';
import type { UploaderStateChangeDetail } from '../../src/element/events.js';
import { entryInfo, requestLog, resetServer, setFaults, sha256Hex, tokenInfo, userKs } from '../helpers/kaltura-server.js';
import {
  DEFAULT_RESUME_PREFIX, announcer, clearStoredRecords, makeFile, mountUploader, nextEvent, norm, recordTexts, row, shadow,
  stateText, unmountAll, untilState, waitFor,
} from './uploader-fixture.js';
import { FAULTS } from './faults.js';

const chunk = 64 * 1024;
const attrs = { 'chunk-size': String(chunk), concurrency: '2' };

/** Polls an async check until it holds (waitFor takes only synchronous ones). */
async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the server has answered (or seen the end of) every request. */
async function serverIdle(): Promise<void> {
  while ((await requestLog()).some((r) => r.outcome === 'pending')) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Cuts an upload off: uploads `file` in `el` until `farEnough()` holds (checked on progress), then
 * the server refuses its chunks for good (the upload fails and keeps its record, as a closed tab's
 * does), and the element is dropped. (Not a paused upload: a live one, paused too, holds its file
 * for its life, so another upload of the same file in this page would take a token of its own;
 * docs/element-lifecycle.md. A real closed tab is test/e2e/reload.node.test.ts.)
 */
async function interruptIn(el: KalturaUploaderElement, file: File, farEnough: () => boolean | Promise<boolean>): Promise<void> {
  el.addFiles([file]);
  await until(farEnough, `${file.name} to get far enough`);
  await setFaults([{ kind: 'exception', code: 'UPLOAD_TOKEN_NOT_FOUND', action: 'upload' }]);
  await untilState(el, file.name, 'error');
  await serverIdle();
  await setFaults([]);
  el.remove();
}

/** Every text the live region showed, in order. */
function recordAnnouncements(el: KalturaUploaderElement): string[] {
  const seen: string[] = [];
  const region = announcer(el);
  const read = () => {
    const text = norm(region.textContent);
    if (text && text !== seen[seen.length - 1]) seen.push(text);
  };
  new MutationObserver(read).observe(region, { subtree: true, childList: true, characterData: true });
  return seen;
}

/** How many times `phrase` was announced (messages within a second are appended to the previous ones). */
function timesAnnounced(texts: string[], phrase: string): number {
  const count = (text: string) => text.split(phrase).length - 1;
  return texts.reduce((n, text, i) => n + (i && text.startsWith(texts[i - 1]) ? count(text) - count(texts[i - 1]) : count(text)), 0);
}

const interruptedRows = (el: KalturaUploaderElement) => [...shadow(el).querySelectorAll<HTMLLIElement>('[part="interrupted-upload"]')];
const partText = (root: ParentNode, part: string) => norm(root.querySelector(`[part~="${part}"]`)?.textContent);

/** The records a LocalStorageResumeStore keeps under `prefix`, parsed. */
function storedRecords(prefix = DEFAULT_RESUME_PREFIX): ResumeRecord[] {
  return Object.keys(localStorage).filter((k) => k.startsWith(prefix)).map((k) => JSON.parse(localStorage.getItem(k)!) as ResumeRecord);
}

function assertNoKsStored(ks: string): void {
  for (const key of Object.keys(localStorage)) assert.notInclude(localStorage.getItem(key)!, ks, `the KS is not in localStorage (${key})`);
}

describe('<kaltura-uploader> resume, offline, leaving the page', function () {
  this.timeout(180_000);
  const prefix = `kcu-element-test-${Math.random()}:`;
  beforeEach(() => resetServer());
  afterEach(async () => {
    await unmountAll();
    await setFaults([]);
    clearStoredRecords(prefix);
    delete (navigator as { onLine?: boolean }).onLine; // back to the prototype's real getter
  });

  it('an upload cut off in one element continues in a new one: "Resuming from N%", same token, same bytes', async () => {
    const store = new LocalStorageResumeStore(prefix);
    const ks = await userKs();
    const file = makeFile(40 * chunk + 5, 'reload.mp4');
    await setFaults(FAULTS.slowChunks);
    const first = await mountUploader(attrs, { ks, uploadOptions: { resumeStore: store } });
    let confirmed = 0;
    first.addEventListener('kaltura-upload-progress', (e) => (confirmed = e.detail.bytesConfirmed));
    await interruptIn(first, file, () => confirmed >= file.size * 0.4);
    await setFaults([]);

    const [record] = storedRecords(prefix);
    assert.ok(record, 'the element remembered the upload in the store it was given');
    assertNoKsStored(ks);
    const held = (await tokenInfo(record.uploadTokenId))!.uploadedFileSize ?? 0;
    assert.isAbove(held, 0);

    const second = await mountUploader(attrs, { uploadOptions: { resumeStore: store } });
    const states = recordTexts(second, 'state');
    const announced = recordAnnouncements(second);
    const changes: UploaderStateChangeDetail[] = [];
    second.addEventListener('kaltura-upload-statechange', (e) => changes.push(e.detail));
    const resuming = nextEvent(second, 'kaltura-upload-statechange', (d) => d.state === 'uploading');
    const done = nextEvent(second, 'kaltura-upload-complete');
    second.addFiles([file]);

    const { resumedFrom } = await resuming;
    await second.updateComplete;
    assert.isAbove(resumedFrom ?? 0, 0, 'statechange says where it continues');
    const percent = Math.floor(((resumedFrom ?? 0) / file.size) * 100);
    assert.isAbove(percent, 0);
    const bar = row(second, 'reload.mp4').querySelector('[role="progressbar"]')!;
    assert.isAtLeast(Number(bar.getAttribute('aria-valuenow')), percent, 'the bar starts where the server was');

    const { uploadTokenId, entryId } = await done;
    await untilState(second, 'reload.mp4', 'complete');
    assert.include([...states], `Resuming from ${percent}%`);
    assert.equal(timesAnnounced(announced, `Resuming reload.mp4 from ${percent}%`), 1);
    assert.equal(uploadTokenId, record.uploadTokenId, 'the remembered token got the rest');
    assert.equal((await entryInfo(entryId))?.sha256, await sha256Hex(file), 'the entry holds exactly the file');
    assert.deepInclude(changes[0], { state: 'uploading', previous: 'idle', resumedFrom });
    assert.deepEqual(changes.slice(-2).map((c) => c.state), ['finalizing', 'complete']);
    assert.lengthOf(storedRecords(prefix), 0, 'the record is gone once the file is uploaded');
  });

  it('lists interrupted uploads from its own localStorage store; choosing the file again continues it', async () => {
    const ks = await userKs();
    const file = makeFile(40 * chunk + 17, 'left behind.mov', 'video/quicktime');
    await setFaults(FAULTS.slowChunks);
    const first = await mountUploader(attrs, { ks });
    // The record says how far the upload got (refreshed about once a second): wait for a figure.
    await interruptIn(first, file, () => (storedRecords()[0]?.bytesConfirmed ?? 0) > 0);
    await setFaults([]);
    const [record] = storedRecords();
    assertNoKsStored(ks);

    const second = await mountUploader(attrs, { ks });
    await waitFor(() => interruptedRows(second).length === 1, 'the interrupted upload to be listed');
    const list = shadow(second).querySelector('[part="interrupted-list"]')!;
    const title = shadow(second).getElementById(list.getAttribute('aria-labelledby')!);
    assert.equal(norm(title?.textContent), 'Interrupted uploads', 'the list is labelled');
    const li = interruptedRows(second)[0];
    assert.equal(partText(li, 'interrupted-name'), 'left behind.mov');
    assert.equal(partText(li, 'interrupted-size'), '2.6 MB');
    const percent = Math.floor((record.bytesConfirmed! / file.size) * 100);
    assert.isAbove(percent, 0);
    assert.equal(partText(li, 'interrupted-progress'), `${percent}% uploaded`);
    assert.equal(partText(li, 'interrupted-hint'), 'Choose this file again to continue');
    assert.equal(li.querySelector('[part~="forget-button"]')!.getAttribute('aria-label'), 'Forget left behind.mov');
    const [listed] = await second.interruptedUploads();
    assert.deepInclude(listed, { fileName: 'left behind.mov', fileSize: file.size, uploadTokenId: record.uploadTokenId });

    const done = nextEvent(second, 'kaltura-upload-complete');
    second.addFiles([file]);
    await waitFor(() => interruptedRows(second).length === 0, 'the chosen file to leave the list');
    assert.isNull(shadow(second).querySelector('[part="interrupted"]'), 'no empty list is left');
    const { uploadTokenId, entryId } = await done;
    assert.equal(uploadTokenId, record.uploadTokenId);
    assert.equal((await entryInfo(entryId))?.sha256, await sha256Hex(file));
  });

  it('Forget drops the record and deletes the upload token on the server', async () => {
    const store = new LocalStorageResumeStore(prefix);
    const file = makeFile(30 * chunk, 'forget me.mp4');
    await setFaults(FAULTS.slowChunks);
    const first = await mountUploader(attrs, { uploadOptions: { resumeStore: store } });
    await interruptIn(first, file, async () => !!storedRecords(prefix)[0] && ((await tokenInfo(storedRecords(prefix)[0].uploadTokenId))?.uploadedFileSize ?? 0) > 0);
    await setFaults([]);
    const [record] = storedRecords(prefix);

    const second = await mountUploader(attrs, { uploadOptions: { resumeStore: store } });
    await waitFor(() => interruptedRows(second).length === 1, 'the interrupted upload to be listed');
    interruptedRows(second)[0].querySelector<HTMLButtonElement>('[part~="forget-button"]')!.click();
    await waitFor(() => interruptedRows(second).length === 0, 'the forgotten upload to leave the list');
    assert.lengthOf(storedRecords(prefix), 0, 'the record is removed');
    await until(async () => (await tokenInfo(record.uploadTokenId))?.status === 5, 'the token to be deleted (status DELETED)');
    assert.deepEqual(await second.interruptedUploads(), []);
    assert.strictEqual(shadow(second).activeElement, shadow(second).querySelector('[part~="dropzone"]'), 'focus is not lost');
  });

  it('leaves out expired records (and removes them), hides the list with hide-interrupted, and lists nothing without entries()', async () => {
    const now = Date.now();
    const base = { chunkSize: chunk, fileSize: 2_000_000, createdAt: now, updatedAt: now };
    const store = new MemoryResumeStore();
    store.set('fresh', { ...base, uploadTokenId: '0_fresh', fileName: 'fresh.mp4', bytesConfirmed: 500_000 });
    store.set('old', { ...base, uploadTokenId: '0_old', fileName: 'old.mp4', createdAt: now - 3 * 60 * 60 * 1000 });
    const el = await mountUploader({}, { uploadOptions: { resumeStore: store, resumeMaxAge: 60 * 60 * 1000 } });
    await waitFor(() => interruptedRows(el).length === 1, 'one interrupted upload');
    assert.equal(partText(interruptedRows(el)[0], 'interrupted-name'), 'fresh.mp4');
    assert.equal(partText(interruptedRows(el)[0], 'interrupted-progress'), '25% uploaded');
    assert.deepEqual(store.entries().map(([key]) => key), ['fresh'], 'the expired record was removed');

    el.setAttribute('hide-interrupted', '');
    assert.isTrue(el.hideInterrupted);
    await waitFor(() => interruptedRows(el).length === 0, 'the list to be hidden');
    assert.deepEqual((await el.interruptedUploads()).map((u) => u.fileName), ['fresh.mp4'], 'the method still lists it');

    const plain: ResumeStore = { get: (key) => store.get(key), set: (key, r) => store.set(key, r), remove: (key) => store.remove(key) };
    const bare = await mountUploader({}, { uploadOptions: { resumeStore: plain } });
    assert.deepEqual(await bare.interruptedUploads(), []);
    assert.isNull(shadow(bare).querySelector('[part="interrupted"]'));
  });

  it('says "Waiting for network" while offline, once, and finishes when the network is back', async () => {
    const file = makeFile(8 * chunk + 3, 'offline.mp4');
    await setFaults([{ kind: 'drop', action: 'upload' }]); // every chunk fails while "offline"
    emulateOnline(false);
    // No retries at all: only waiting for `online` can get this upload through.
    const el = await mountUploader(attrs, { uploadOptions: { retry: { retries: 0 } } });
    const states = recordTexts(el, 'state');
    const announced = recordAnnouncements(el);
    const offline = nextEvent(el, 'kaltura-upload-statechange', (d) => d.reason === 'offline');
    el.addFiles([file]);
    const detail = await offline;
    assert.equal(detail.state, 'retrying');
    await waitFor(() => stateText(el, 'offline.mp4') === 'Waiting for network', 'the row to say it waits for the network');
    await setFaults([]);
    const done = nextEvent(el, 'kaltura-upload-complete');
    emulateOnline(true);
    await waitFor(() => stateText(el, 'offline.mp4') !== 'Waiting for network', 'the row to move on');
    const { entryId } = await done;
    await untilState(el, 'offline.mp4', 'complete');
    assert.equal((await entryInfo(entryId))?.sha256, await sha256Hex(file));
    assert.include([...states], 'Waiting for network');
    assert.notInclude([...states].join('|'), 'Retrying in', 'waiting for the network is not a counted retry');
    assert.equal(timesAnnounced(announced, 'offline.mp4 is waiting for the network'), 1);
  });

  describe('leaving the page', () => {
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };

    it('asks while bytes are in flight, and not once the upload is done', async () => {
      await setFaults(FAULTS.slowChunks);
      const el = await mountUploader(attrs);
      assert.isFalse(leave(), 'nothing to lose before any file');
      const file = makeFile(12 * chunk, 'guarded.mp4');
      el.addFiles([file]);
      await untilState(el, 'guarded.mp4', 'uploading');
      assert.isTrue(leave(), 'leaving is questioned while uploading');
      const { entryId } = await nextEvent(el, 'kaltura-upload-complete');
      await untilState(el, 'guarded.mp4', 'complete');
      assert.isFalse(leave(), 'nothing in flight after completion');
      assert.equal((await entryInfo(entryId))?.sha256, await sha256Hex(file));
    });

    it('does not ask with no-unload-guard, nor once the element is removed', async () => {
      await setFaults(FAULTS.slowChunks);
      const optedOut = await mountUploader({ ...attrs, 'no-unload-guard': true });
      assert.isTrue(optedOut.noUnloadGuard);
      optedOut.addFiles([makeFile(12 * chunk, 'unguarded.mp4')]);
      await untilState(optedOut, 'unguarded.mp4', 'uploading');
      assert.isFalse(leave());
      optedOut.cancel();
      await untilState(optedOut, 'unguarded.mp4', 'cancelled');

      const removed = await mountUploader(attrs);
      removed.addFiles([makeFile(12 * chunk, 'removed.mp4')]);
      await untilState(removed, 'removed.mp4', 'uploading');
      assert.isTrue(leave());
      removed.remove();
      assert.isFalse(leave(), 'no listener after disconnect');
    });
  });
});

function emulateOnline(online: boolean): void {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}
