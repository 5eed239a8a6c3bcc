// Before the upload: a video, audio or image row shows a poster frame, the duration and the frame
// size, read in the browser from real media made in the test; duration limits turn files away
// before any request; a file the browser cannot decode still uploads; the poster becomes the new
// entry's thumbnail (the bytes the server serves are the poster's).
import { assert } from '@esm-bundle/chai';
import type { UploadError } from '../../src/errors.js';
import { entryInfo, requestLog, resetServer, sha256Hex } from '../helpers/kaltura-server.js';
import { makePng, makeWav, makeWebm } from '../helpers/media-files.js';
import { makeFile, mountUploader, nextEvent, norm, row, rowState, unmountAll, untilState, waitFor } from './uploader-fixture.js';

const part = (li: HTMLElement, name: string) => li.querySelector<HTMLElement>(`[part~="${name}"]`);
const poster = (li: HTMLElement) => part(li, 'poster') as HTMLImageElement | null;

/** Waits for the row's poster image to be decoded (it shows). */
async function posterShown(li: () => HTMLElement): Promise<HTMLImageElement> {
  await waitFor(() => poster(li())?.complete && poster(li())!.naturalWidth > 0, 'the poster to show');
  return poster(li())!;
}

describe('<kaltura-uploader> media preview', () => {
  let webm: File;
  before(async () => {
    webm = await makeWebm('clip.webm', 1.2);
  });
  beforeEach(() => resetServer());
  afterEach(() => unmountAll());

  it('a video row shows its poster frame, duration and frame size while it waits, then uploads the same bytes', async () => {
    const el = await mountUploader({ manual: true });
    el.addFiles([webm]);
    const img = await posterShown(() => row(el, 'clip.webm'));
    assert.equal(img.alt, 'Preview of clip.webm');
    assert.match(img.src, /^blob:/);
    assert.equal(img.naturalWidth, 320, 'the frame at its own size (under the 1280 px cap)');
    assert.match(norm(part(row(el, 'clip.webm'), 'media-info')!.textContent), /^0:01 · 320×240$/);
    assert.equal(rowState(el, 'clip.webm'), 'queued', 'read before the upload starts');

    const complete = nextEvent(el, 'kaltura-upload-complete');
    el.start();
    const { entryId } = await complete;
    assert.equal((await entryInfo(entryId))!.sha256, await sha256Hex(webm));
  });

  it('an image shows itself and its size; audio (a WAV) its duration only', async () => {
    const el = await mountUploader({ manual: true, multiple: true });
    el.addFiles([await makePng('photo.png', 64, 48), makeWav('tone.wav', 2.5)]);
    const img = await posterShown(() => row(el, 'photo.png'));
    assert.equal(img.naturalWidth, 64);
    assert.equal(norm(part(row(el, 'photo.png'), 'media-info')!.textContent), '64×48');
    await waitFor(() => part(row(el, 'tone.wav'), 'media-info'), 'the WAV duration');
    assert.equal(norm(part(row(el, 'tone.wav'), 'media-info')!.textContent), '0:02', '2.5 s, in whole seconds as players show it');
    assert.isNull(poster(row(el, 'tone.wav')), 'no picture for audio');
  });

  it('a file the browser cannot decode uploads all the same, without a preview', async () => {
    const el = await mountUploader({ 'min-duration': '1' });
    const garbage = makeFile(50_000, 'broken.mp4', 'video/mp4');
    const complete = nextEvent(el, 'kaltura-upload-complete');
    el.addFiles([garbage]);
    const { entryId } = await complete;
    assert.equal((await entryInfo(entryId))!.sha256, await sha256Hex(garbage));
    assert.isNull(poster(row(el, 'broken.mp4')));
    assert.isNull(part(row(el, 'broken.mp4'), 'media-info'));
    assert.notInclude((await requestLog()).map((r) => r.service), 'thumbasset', 'no poster, no thumbnail');
  });

  it('min-duration and max-duration turn files away before any request, with typed codes', async () => {
    const el = await mountUploader({ multiple: true, 'min-duration': '3', 'max-duration': '60' });
    const errors: UploadError[] = [];
    el.addEventListener('kaltura-upload-error', (e) => errors.push(e.detail.error));
    el.addFiles([makeWav('short.wav', 2)]);
    await el.updateComplete;
    await untilState(el, 'short.wav', 'rejected');
    assert.deepEqual(errors.map((e) => [e.code, e.retryable, e.message]), [['DURATION_TOO_SHORT', false, 'This file is shorter than 0:03.']]);
    assert.equal(norm(part(row(el, 'short.wav'), 'message')!.textContent), 'This file is shorter than 0:03.');

    el.maxDuration = 1;
    el.minDuration = undefined;
    el.addFiles([webm]);
    await el.updateComplete;
    await untilState(el, 'clip.webm', 'rejected');
    assert.equal(errors[1]!.code, 'DURATION_TOO_LONG');
    assert.equal(errors[1]!.message, 'This file is longer than 0:01.');
    assert.deepEqual(await requestLog(), [], 'not a single request');
  });

  it('with limits, a file inside them waits for its duration and then uploads', async () => {
    const el = await mountUploader({ 'min-duration': '1', 'max-duration': '3' });
    const wav = makeWav('fits.wav', 2);
    const complete = nextEvent(el, 'kaltura-upload-complete');
    el.addFiles([wav]);
    await el.updateComplete;
    assert.equal(rowState(el, 'fits.wav'), 'queued', 'waits for its duration');
    const { entryId } = await complete;
    assert.equal((await entryInfo(entryId))!.sha256, await sha256Hex(wav));
  });

  it('the poster becomes the new entry’s default thumbnail: the server serves the poster’s bytes', async () => {
    const el = await mountUploader();
    const complete = nextEvent(el, 'kaltura-upload-complete');
    el.addFiles([webm]);
    const img = await posterShown(() => row(el, 'clip.webm'));
    const posterBytes = await (await fetch(img.src)).blob();
    const { entryId } = await complete;
    const entry = await waitForEntry(el, entryId);
    const thumbnail = async () => sha256Hex(await (await fetch(`${location.origin}/p/${entry.partnerId}/thumbnail/entry_id/${entryId}`)).blob());
    const expected = await sha256Hex(posterBytes);
    // The thumbnail goes out once the entry exists; until it landed the server has a placeholder.
    let served = await thumbnail();
    for (let i = 0; i < 100 && served !== expected; i++) served = await new Promise((r) => setTimeout(r, 100)).then(thumbnail);
    assert.equal(served, expected);
    const calls = (await requestLog()).filter((r) => r.service === 'thumbasset').map((r) => `${r.action}:${r.outcome}`);
    assert.deepEqual(calls, ['addfromimage:ok', 'setasdefault:ok'], 'in one multirequest, both answered');
  });

  it('no-thumbnail: the poster stays in the page', async () => {
    const el = await mountUploader({ 'no-thumbnail': true });
    const ready = nextEvent(el, 'kaltura-entry-ready');
    el.addFiles([webm]);
    await posterShown(() => row(el, 'clip.webm'));
    await ready;
    assert.notInclude((await requestLog()).map((r) => r.service), 'thumbasset');
  });
});

/** The entry as the API answers (the element's own media.get is what the other tests check). */
async function waitForEntry(el: HTMLElement, entryId: string): Promise<{ partnerId: number }> {
  const ks = (el as unknown as { ks: string }).ks;
  const res = await fetch(`${location.origin}/api_v3/service/media/action/get`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ks, format: 1, entryId }),
  });
  return res.json();
}
