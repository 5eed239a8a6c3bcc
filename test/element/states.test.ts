// Each state a row can be in, rendered as specified, driven by real uploads to the local API
// (server-side faults for slowness, retries and failures; the row's own buttons for pause/cancel).
import { assert } from '@esm-bundle/chai';
import { entryInfo, resetServer, setFaults, sha256Hex, userKs } from '../helpers/kaltura-server.js';
import {
  dropzone, makeFile, mountUploader, recordTexts, row, rowButton, rows, shadow, stateText, unmountAll, untilState, waitFor,
} from './uploader-fixture.js';
import { FAULTS } from './faults.js';

const buttonsOf = (li: HTMLElement) => [...li.querySelectorAll('[part~="button"]')].map((b) => b.textContent!.trim());

describe('<kaltura-uploader> states', () => {
  beforeEach(() => resetServer());
  afterEach(async () => {
    await unmountAll();
    await setFaults([]);
  });

  it('queued → starting → uploading → finalizing → done, then the entry id', async () => {
    await setFaults(FAULTS.slowChunksAndEntry);
    // Not following the entry, so the row ends in "Done" (processing.test.ts covers what follows).
    const el = await mountUploader({ multiple: true, 'max-parallel-files': '1', 'chunk-size': String(256 * 1024), 'no-track-processing': true });
    const seen = recordTexts(el, 'state');
    const file = makeFile(1024 * 1024 + 3, 'story.mp4');
    el.addFiles([file, makeFile(1000, 'next.mp4')]);
    await el.updateComplete;
    // "Starting" while the engine looks the file up in the resume store, then "Uploading".
    assert.include(['Starting', 'Uploading'], stateText(el, 'story.mp4'), 'the first file starts at once');
    assert.equal(stateText(el, 'next.mp4'), 'Queued');
    assert.deepEqual(buttonsOf(row(el, 'next.mp4')), ['Cancel']);

    await untilState(el, 'story.mp4', 'uploading');
    assert.equal(stateText(el, 'story.mp4'), 'Uploading');
    assert.deepEqual(buttonsOf(row(el, 'story.mp4')), ['Pause', 'Cancel']);
    await waitFor(() => /sent/.test(row(el, 'story.mp4').querySelector('[part="details"]')!.textContent!), 'bytes shown');

    await untilState(el, 'story.mp4', 'finalizing');
    assert.equal(stateText(el, 'story.mp4'), 'Finalizing');

    await untilState(el, 'story.mp4', 'complete');
    const li = row(el, 'story.mp4');
    assert.equal(stateText(el, 'story.mp4'), 'Done');
    assert.deepEqual(buttonsOf(li), ['Remove']);
    const entryText = li.querySelector('[part="entry"]')!.textContent!.trim();
    const entryId = /^Entry (\S+)$/.exec(entryText)?.[1];
    assert.ok(entryId, entryText);
    assert.equal((await entryInfo(entryId!))!.sha256, await sha256Hex(file));
    const bar = li.querySelector('[role="progressbar"]')!;
    assert.equal(bar.getAttribute('aria-valuenow'), '100');
    assert.include(li.querySelector('[part="details"]')!.textContent!, '1 MB of 1 MB');

    for (const text of ['Uploading', 'Finalizing', 'Done', 'Queued']) assert.include([...seen], text);
    await untilState(el, 'next.mp4', 'complete');
  });

  it('uploading shows speed and time left, and the bar shows sent and confirmed', async () => {
    await setFaults(FAULTS.slowChunks);
    const el = await mountUploader({ 'chunk-size': String(256 * 1024), concurrency: '2' });
    el.addFiles([makeFile(3 * 1024 * 1024, 'speedy.mp4')]);
    const details = () => row(el, 'speedy.mp4').querySelector('[part="details"]')!.textContent!;
    await waitFor(() => /\/s · .* left/.test(details()), 'speed and time left');
    assert.match(details(), /^[\d.]+ (kB|MB|bytes?) of 3\.1 MB \([\d.]+ (kB|MB|bytes?) sent\) · [\d.]+ [kM]B\/s · \d+ (seconds?|minutes?) left$/);
    const bar = row(el, 'speedy.mp4').querySelector<HTMLElement>('[role="progressbar"]')!;
    const sent = Number(bar.style.getPropertyValue('--sent'));
    const confirmed = Number(bar.style.getPropertyValue('--confirmed'));
    assert.isAtLeast(sent, confirmed);
    assert.match(bar.getAttribute('aria-valuetext')!, /^\d+% confirmed, \d+% sent$/);
    await untilState(el, 'speedy.mp4', 'complete');
  });

  it('paused, then resumed from the row buttons', async () => {
    await setFaults(FAULTS.slowChunks);
    const el = await mountUploader({ 'chunk-size': String(256 * 1024), concurrency: '1' });
    const file = makeFile(2 * 1024 * 1024 + 11, 'pausable.mp4');
    el.addFiles([file]);
    await untilState(el, 'pausable.mp4', 'uploading');
    rowButton(el, 'pausable.mp4', 'pause')!.click();
    await untilState(el, 'pausable.mp4', 'paused');
    assert.equal(stateText(el, 'pausable.mp4'), 'Paused');
    assert.deepEqual(buttonsOf(row(el, 'pausable.mp4')), ['Resume', 'Cancel']);
    assert.notMatch(row(el, 'pausable.mp4').querySelector('[part="details"]')!.textContent!, /left/, 'no time left while paused');

    const complete = new Promise<string>((r) => el.addEventListener('kaltura-upload-complete', (e) => r(e.detail.entryId)));
    rowButton(el, 'pausable.mp4', 'resume')!.click();
    const entryId = await complete;
    assert.equal((await entryInfo(entryId))!.sha256, await sha256Hex(file));
  });

  it('retrying in N s, then done', async () => {
    await setFaults(FAULTS.chunkFailsTwice);
    const el = await mountUploader({ 'chunk-size': String(256 * 1024), concurrency: '1' });
    const seen = recordTexts(el, 'state');
    const file = makeFile(1024 * 1024, 'bumpy.mp4');
    el.addFiles([file]);
    await untilState(el, 'bumpy.mp4', 'retrying');
    assert.match(stateText(el, 'bumpy.mp4'), /^Retrying in \d+ s$/);
    assert.deepEqual(buttonsOf(row(el, 'bumpy.mp4')), ['Pause', 'Cancel']);
    await untilState(el, 'bumpy.mp4', 'complete');
    assert.isTrue([...seen].some((t) => /^Retrying in \d+ s$/.test(t)));
  });

  it('failed: the reason on the row; Retry with a good KS finishes it', async () => {
    const el = await mountUploader({ ks: 'not-a-real-ks' });
    const file = makeFile(1000, 'refused.mp4');
    el.addFiles([file]);
    await untilState(el, 'refused.mp4', 'error');
    assert.equal(stateText(el, 'refused.mp4'), 'Failed');
    assert.equal(row(el, 'refused.mp4').querySelector('[part="message"]')!.textContent, 'The session (KS) is not valid or has expired.');
    assert.deepEqual(buttonsOf(row(el, 'refused.mp4')), ['Retry', 'Remove']);

    el.ks = await userKs();
    rowButton(el, 'refused.mp4', 'retry')!.click();
    await untilState(el, 'refused.mp4', 'complete');
    assert.isNull(row(el, 'refused.mp4').querySelector('[part="message"]'));
  });

  it('failed after the server keeps failing (a retryable error that ran out of attempts)', async () => {
    await setFaults(FAULTS.chunksAlwaysFail);
    const el = await mountUploader({ 'chunk-size': String(256 * 1024) });
    el.uploadOptions = { retry: { retries: 2, minDelay: 50, maxDelay: 200 } };
    el.addFiles([makeFile(1000, 'doomed.mp4')]);
    await untilState(el, 'doomed.mp4', 'error', 180_000);
    assert.equal(stateText(el, 'doomed.mp4'), 'Failed');
    assert.isNotEmpty(row(el, 'doomed.mp4').querySelector('[part="message"]')!.textContent!.trim());
  });

  it('cancelled from the row; Retry starts over; Remove takes the row away', async () => {
    await setFaults(FAULTS.slowChunks);
    const el = await mountUploader({ 'chunk-size': String(256 * 1024), concurrency: '1' });
    const file = makeFile(2 * 1024 * 1024, 'stopped.mp4');
    el.addFiles([file]);
    await untilState(el, 'stopped.mp4', 'uploading');
    rowButton(el, 'stopped.mp4', 'cancel')!.click();
    await untilState(el, 'stopped.mp4', 'cancelled');
    assert.equal(stateText(el, 'stopped.mp4'), 'Cancelled');
    assert.deepEqual(buttonsOf(row(el, 'stopped.mp4')), ['Retry', 'Remove']);

    await setFaults([]);
    rowButton(el, 'stopped.mp4', 'retry')!.click();
    await untilState(el, 'stopped.mp4', 'complete');
    rowButton(el, 'stopped.mp4', 'remove')!.click();
    await el.updateComplete;
    assert.lengthOf(rows(el), 0);
    assert.equal(shadow(el).activeElement, dropzone(el));
  });

  it('pause() and resume() act on every file; cancel() on every unfinished one', async () => {
    await setFaults(FAULTS.slowChunks);
    const el = await mountUploader({ multiple: true, 'max-parallel-files': '1', 'chunk-size': String(256 * 1024), concurrency: '1' });
    el.addFiles([makeFile(2 * 1024 * 1024, 'p1.mp4'), makeFile(2 * 1024 * 1024, 'p2.mp4')]);
    await untilState(el, 'p1.mp4', 'uploading');
    el.pause();
    await untilState(el, 'p1.mp4', 'paused');
    assert.equal(stateText(el, 'p2.mp4'), 'Paused', 'a waiting file is held too');
    el.resume();
    await untilState(el, 'p1.mp4', 'uploading');
    el.cancel();
    await untilState(el, 'p1.mp4', 'cancelled');
    await untilState(el, 'p2.mp4', 'cancelled');
  });
});
