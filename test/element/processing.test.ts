// After the upload, until playable: the element follows its new entries (one media.list for all) through
// Kaltura's statuses, says so on the row ("Processing", "Ready to play", "Conversion failed"),
// dispatches kaltura-entry-ready / kaltura-entry-failed, stops following a removed row or a
// disconnected element, and the Play link (the entry's dataUrl, its playManifest) gives back the
// very bytes uploaded, with byte ranges, playable by a <video>.
import { assert } from '@esm-bundle/chai';
import type { UploaderEntryReadyDetail } from '../../src/index.js';
import { requestLog, resetServer, setFaults, setServerOptions, sha256Hex, type LoggedRequest } from '../helpers/kaltura-server.js';
import { makePng, makeWebm } from '../helpers/media-files.js';
import { mountUploader, nextEvent, norm, row, rowButton, stateText, unmountAll, waitFor } from './uploader-fixture.js';

const part = (li: HTMLElement, name: string) => li.querySelector<HTMLElement>(`[part~="${name}"]`);
/** Reads of an entry: a media.list naming it (the element reads all it follows in one), or a media.get. */
const reads = (log: LoggedRequest[], entryId: string) =>
  log.filter((r) => r.service === 'media' && ((r.action === 'get' && r.entryId === entryId) || (r.action === 'list' && !!r.idIn?.split(',').includes(entryId))));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('<kaltura-uploader> after the upload', () => {
  let webm: File;
  before(async () => {
    webm = await makeWebm('movie.webm', 1.2);
  });
  beforeEach(() => resetServer());
  afterEach(async () => {
    await unmountAll();
    await setFaults([]);
  });

  it('Processing while the entry is PRECONVERT, then kaltura-entry-ready at READY: Ready to play, its thumbnail and a Play link', async () => {
    // The first read comes 2 s after the upload completes: READY 4 s after the file went in
    // leaves it 2 s to spare on a busy machine (2.5 s left too little: CI once saw one read only).
    await setServerOptions({ conversionMs: 4000 });
    const el = await mountUploader();
    const events: string[] = [];
    for (const type of ['kaltura-upload-complete', 'kaltura-entry-ready', 'kaltura-entry-failed'] as const) {
      document.addEventListener(type, () => events.push(type), { once: true }); // bubbles and is composed: reaches the document
    }
    const complete = nextEvent(el, 'kaltura-upload-complete');
    const ready = nextEvent(el, 'kaltura-entry-ready');
    el.addFiles([webm]);
    const { entryId } = await complete;
    await el.updateComplete;
    assert.equal(stateText(el, 'movie.webm'), 'Processing');
    assert.equal(row(el, 'movie.webm').dataset.processing, 'processing');
    assert.isNull(part(row(el, 'movie.webm'), 'play-link'), 'nothing to play yet');

    const detail: UploaderEntryReadyDetail = await ready;
    assert.equal(detail.file, webm);
    assert.equal(detail.entryId, entryId);
    assert.equal(detail.entry.status, 2);
    assert.deepEqual(events, ['kaltura-upload-complete', 'kaltura-entry-ready']);
    const statuses = reads(await requestLog(), entryId).map((r) => r.outcome);
    assert.isAtLeast(statuses.length, 2, 'read while converting, then once READY');
    assert.isTrue(statuses.every((o) => o === 'ok'));

    await el.updateComplete;
    const li = row(el, 'movie.webm');
    assert.equal(stateText(el, 'movie.webm'), 'Ready to play');
    assert.include(li.getAttribute('part')!, 'entry-ready');
    const thumbnail = part(li, 'thumbnail') as HTMLImageElement;
    assert.equal(thumbnail.src, `${detail.entry.thumbnailUrl}/width/240`);
    await waitFor(() => thumbnail.complete && thumbnail.naturalWidth > 0, 'the entry thumbnail to load');
    assert.isNull(part(li, 'poster'), 'the entry’s own thumbnail replaces the local poster');
    const play = part(li, 'play-link') as HTMLAnchorElement;
    assert.equal(play.href, detail.entry.dataUrl);
    assert.equal(play.getAttribute('aria-label'), 'Play movie.webm');
  });

  it('kaltura-entry-failed on an injected conversion error: Conversion failed', async () => {
    await setServerOptions({ conversionMs: 300 });
    await setFaults([{ kind: 'failConversion', times: 1 }]);
    const el = await mountUploader();
    const failed = nextEvent(el, 'kaltura-entry-failed');
    let readyFired = false;
    el.addEventListener('kaltura-entry-ready', () => (readyFired = true));
    el.addFiles([webm]);
    const detail = await failed;
    assert.equal(detail.entry.status, -1);
    await el.updateComplete;
    assert.equal(stateText(el, 'movie.webm'), 'Conversion failed');
    assert.equal(row(el, 'movie.webm').dataset.processing, 'failed');
    assert.isNull(part(row(el, 'movie.webm'), 'play-link'));
    assert.isFalse(readyFired);
  });

  it('an image entry is READY at once: kaltura-entry-ready without another request', async () => {
    const el = await mountUploader();
    const ready = nextEvent(el, 'kaltura-entry-ready');
    el.addFiles([await makePng('still.png', 40, 30)]);
    const { entryId } = await ready;
    assert.lengthOf(reads(await requestLog(), entryId), 0);
  });

  it('removing the row stops following its entry; so does leaving the document', async () => {
    await setServerOptions({ conversionMs: 600_000 });
    const el = await mountUploader({ multiple: true });
    const first = nextEvent(el, 'kaltura-upload-complete');
    el.addFiles([webm]);
    const { entryId } = await first;
    for (let i = 0; i < 100 && reads(await requestLog(), entryId).length === 0; i++) await sleep(100);
    assert.isAtLeast(reads(await requestLog(), entryId).length, 1, 'followed while processing');
    rowButton(el, 'movie.webm', 'remove')!.click();
    await el.updateComplete;
    const removedAt = Date.now();
    await sleep(5500); // more than the next two delays (3 s, 4.5 s) after the first read
    assert.deepEqual(reads(await requestLog(), entryId).filter((r) => r.at > removedAt), [], 'no read after the row went');

    const second = nextEvent(el, 'kaltura-upload-complete');
    el.addFiles([new File([webm], 'again.webm', { type: 'video/webm' })]);
    const again = await second;
    for (let i = 0; i < 100 && reads(await requestLog(), again.entryId).length === 0; i++) await sleep(100);
    el.remove();
    const leftAt = Date.now();
    await sleep(5500);
    assert.deepEqual(reads(await requestLog(), again.entryId).filter((r) => r.at > leftAt), [], 'no read once disconnected');
    assert.equal(stateText(el, 'again.webm'), 'Processing');
  });

  it('follows several entries with one media.list (idIn) per read, never one media.get each', async () => {
    await setServerOptions({ conversionMs: 2500 });
    const el = await mountUploader({ multiple: true });
    const files = [0, 1, 2].map((i) => new File([webm], `movie-${i}.webm`, { type: 'video/webm' }));
    const ready = new Set<string>();
    const allReady = new Promise<void>((resolve) => el.addEventListener('kaltura-entry-ready', (e) => ready.add(e.detail.entryId) && ready.size === 3 && resolve()));
    const ids: string[] = [];
    el.addEventListener('kaltura-upload-complete', (e) => ids.push(e.detail.entryId));
    el.addFiles(files);
    await allReady;
    const log = await requestLog();
    assert.lengthOf(log.filter((r) => r.service === 'media' && r.action === 'get'), 0, 'no media.get');
    const lists = log.filter((r) => r.service === 'media' && r.action === 'list' && r.idIn);
    assert.isAtLeast(lists.length, 1);
    assert.isTrue(lists.some((r) => ids.every((id) => r.idIn!.split(',').includes(id))), 'one list asked for all three entries');
    for (const id of ids) assert.isAtLeast(reads(log, id).length, 1);
  });

  it('no-track-processing: Done, no media.get, no kaltura-entry-* event; the thumbnail shows at once', async () => {
    const el = await mountUploader({ 'no-track-processing': true });
    let entryEvents = 0;
    el.addEventListener('kaltura-entry-ready', () => entryEvents++);
    el.addEventListener('kaltura-entry-failed', () => entryEvents++);
    const complete = nextEvent(el, 'kaltura-upload-complete');
    el.addFiles([webm]);
    const { entryId } = await complete;
    await sleep(2500);
    assert.equal(stateText(el, 'movie.webm'), 'Done');
    assert.lengthOf(reads(await requestLog(), entryId), 0);
    assert.equal(entryEvents, 0);
    assert.isNotNull(part(row(el, 'movie.webm'), 'thumbnail'));
  });

  it('the Play link serves the uploaded bytes (sha256), honours a Range request, and plays in a <video>', async () => {
    const el = await mountUploader();
    const ready = nextEvent(el, 'kaltura-entry-ready');
    el.addFiles([webm]);
    await ready;
    await el.updateComplete;
    const href = (part(row(el, 'movie.webm'), 'play-link') as HTMLAnchorElement).href;
    assert.match(href, /\/p\/\d+\/sp\/\d+00\/playManifest\/entryId\/\w+\/format\/url\/protocol\/http$/);
    const whole = await fetch(href);
    assert.deepEqual([whole.status, whole.headers.get('accept-ranges')], [200, 'bytes']);
    assert.equal(await sha256Hex(await whole.blob()), await sha256Hex(webm));

    const ranged = await fetch(href, { headers: { Range: 'bytes=100-1099' } });
    assert.equal(ranged.status, 206);
    assert.equal(ranged.headers.get('content-range'), `bytes 100-1099/${webm.size}`);
    assert.equal(await sha256Hex(await ranged.blob()), await sha256Hex(webm.slice(100, 1100)));

    const video = Object.assign(document.createElement('video'), { muted: true, preload: 'metadata', src: href });
    await new Promise((resolve, reject) => {
      video.onloadedmetadata = resolve;
      video.onerror = () => reject(new Error(`the <video> could not load ${href}`));
    });
    assert.equal(video.videoWidth, 320);
    assert.closeTo(video.duration, 1.2, 0.5);
  });

  it('a service-url ending in /api_v3 still uploads and shows the entry’s thumbnail', async () => {
    const el = await mountUploader({ 'service-url': `${location.origin}/api_v3` });
    const ready = nextEvent(el, 'kaltura-entry-ready');
    el.addFiles([webm]);
    await ready;
    await el.updateComplete;
    const thumbnail = part(row(el, 'movie.webm'), 'thumbnail') as HTMLImageElement;
    await waitFor(() => thumbnail.complete && thumbnail.naturalWidth > 0, 'the thumbnail to load');
    assert.match(norm(part(row(el, 'movie.webm'), 'entry')!.textContent), /^Entry \w+ Play$/);
  });
});
