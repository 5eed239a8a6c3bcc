// What taking <kaltura-uploader> out of the document means (docs/element-lifecycle.md): its
// uploads go on, unseen (no re-render, no clock), without pinning poster images (object URLs),
// and the element shows them again once it is back; with `cancel-on-disconnect` a removal cancels
// them (tokens deleted), a move does not. Also: the live region stays bounded for a big folder,
// and render() starts nothing.
import { assert } from '@esm-bundle/chai';
import { entryInfo, resetServer, setFaults, sha256Hex, tokenInfo } from '../helpers/kaltura-server.js';
import { makeWebm } from '../helpers/media-files.js';
import { watchObjectUrls } from '../helpers/object-urls.js';
import { entriesOf, freshUserKs, openTokensOf, patternedFile } from '../engine/upload-helpers.js';
import { FAULTS } from './faults.js';
import { announcer, makeFile, mountUploader, nextEvent, row, rows, shadow, unmountAll, untilState, waitFor } from './uploader-fixture.js';

const MiB = 1024 * 1024;

describe('<kaltura-uploader> out of the document and back', function () {
  this.timeout(120_000);
  beforeEach(resetServer);
  afterEach(async () => {
    await unmountAll();
    await setFaults([]);
  });

  it('out of the document, uploads go on unseen (no re-render, no clock); back in, the row shows them and they finish whole', async () => {
    await setFaults(FAULTS.slowChunks);
    const el = await mountUploader({ 'chunk-size': String(256 * 1024) });
    const file = patternedFile(6 * MiB + 7, 'away.mp4', 'video/mp4');
    const complete = nextEvent(el, 'kaltura-upload-complete');
    let state = '';
    el.addEventListener('kaltura-upload-statechange', (e) => (state = e.detail.state));
    el.addFiles([file]);
    await untilState(el, 'away.mp4', 'uploading');
    const parent = el.parentNode!;
    el.remove();
    const changes: MutationRecord[] = [];
    const observer = new MutationObserver((m) => changes.push(...m));
    observer.observe(shadow(el), { subtree: true, childList: true, characterData: true, attributes: true });
    let progress = 0;
    el.addEventListener('kaltura-upload-progress', () => progress++);
    // Engine events keep coming while it is away (more than a second of them)...
    await waitFor(() => progress >= 5, 'progress while out of the document');
    await new Promise((r) => setTimeout(r, 1200));
    observer.disconnect();
    // ...but nothing renders: no progress re-render, no one-second clock started by an event.
    assert.deepEqual(changes.map((c) => c.type), [], 'the shadow root did not change while out of the document');
    parent.appendChild(el);
    await el.updateComplete;
    // The row is there again, as the engine stands now (it may have finished while away).
    assert.equal(row(el, 'away.mp4').dataset.state, state, 'the row caught up at once');
    const { entryId } = await complete;
    await untilState(el, 'away.mp4', 'complete');
    assert.equal((await entryInfo(entryId))!.sha256, await sha256Hex(file), 'the entry holds exactly the file');
  });

  it('poster object URLs are released while out of the document and made again once back', async () => {
    const urls = watchObjectUrls();
    try {
      const el = await mountUploader({ manual: true });
      el.addFiles([await makeWebm('poster.webm', 0.6)]);
      await waitFor(() => row(el, 'poster.webm').querySelector('[part="poster"]'), 'the poster');
      assert.equal(urls.live.size, 1, 'one poster URL while shown');
      const parent = el.parentNode!;
      el.remove();
      assert.equal(urls.live.size, 0, 'no object URL kept by an element out of the document');
      parent.appendChild(el);
      await el.updateComplete;
      await waitFor(() => row(el, 'poster.webm').querySelector('[part="poster"]'), 'the poster again');
      const src = row(el, 'poster.webm').querySelector<HTMLImageElement>('[part="poster"]')!.src;
      assert.isTrue(urls.live.has(src), `the poster shows a live object URL (${src} ${[...urls.live]})`);
      el.remove();
      assert.equal(urls.live.size, 0);
    } finally {
      urls.stop();
    }
  });

  it('`cancel-on-disconnect`: removed, its uploads are cancelled and their tokens deleted; moved, they go on', async () => {
    await setFaults(FAULTS.slowChunks);
    const el = await mountUploader({ 'chunk-size': String(256 * 1024), 'cancel-on-disconnect': true, multiple: true });
    assert.isTrue(el.cancelOnDisconnect);
    const file = patternedFile(6 * MiB + 3, 'moved.mp4', 'video/mp4');
    el.addFiles([file]);
    await untilState(el, 'moved.mp4', 'uploading');
    const tokenId = await waitForToken();
    // A move (out and back in one task) is not a removal.
    const box = document.body.appendChild(document.createElement('div'));
    box.appendChild(el);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(row(el, 'moved.mp4').dataset.state, 'uploading', 'moving the element cancelled nothing');
    const cancelled = nextEvent(el, 'kaltura-upload-statechange', (d) => d.state === 'cancelled');
    el.remove();
    await cancelled;
    // The token's delete may answer a moment after the row says `cancelled`.
    let token = await tokenInfo(tokenId);
    for (const end = Date.now() + 10_000; token && token.status !== 5 && Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 100));
      token = await tokenInfo(tokenId);
    }
    assert.isTrue(!token || token.status === 5, `the token is deleted (${JSON.stringify(token)})`);
    box.remove();
  });

  it('el.cancel() out of the document while entries are being made: rows cancelled at once; its promise settles once no token or entry is left', async () => {
    // The entry's multirequest is slow, so the cancel meets it in flight: it is let finish (what
    // it makes is then known) and deleted after. Found by the element model test, which checked
    // the server the moment the rows said `cancelled`.
    await setFaults(FAULTS.slowChunksAndEntry);
    const ks = await freshUserKs();
    const el = await mountUploader({ multiple: true, 'chunk-size': String(256 * 1024) }, { ks });
    const files = [patternedFile(300 * 1024 + 1, 'one.bin', 'application/octet-stream'), patternedFile(700 * 1024 + 5, 'two.bin', 'application/octet-stream')];
    const states = new Map<string, string>();
    el.addEventListener('kaltura-upload-statechange', (e) => states.set(e.detail.file.name, e.detail.state));
    el.addFiles(files);
    await waitFor(() => states.get('one.bin') === 'finalizing', 'one.bin making its entry');
    const parent = el.parentNode!;
    el.remove();
    const cleaned = el.cancel();
    assert.deepEqual([...states.values()], ['cancelled', 'cancelled'], 'both cancelled at once');
    await cleaned;
    assert.deepEqual(await openTokensOf(ks), [], 'no upload token left open');
    assert.deepEqual(await entriesOf(ks), [], 'no entry left');
    parent.appendChild(el);
    await el.updateComplete;
    assert.deepEqual(rows(el).map((li) => li.dataset.state), ['cancelled', 'cancelled']);
  });

  it('a folder of 1,000 files keeps the live region to a few messages', async () => {
    const el = await mountUploader({ multiple: true });
    // Empty files are rejected at once, each with an announcement: a burst within the second.
    el.addFiles(Array.from({ length: 1000 }, (_, i) => new File([], `empty-${i}.mp4`, { type: 'video/mp4' })));
    await el.updateComplete;
    const text = announcer(el).textContent!;
    assert.include(text, 'empty-999.mp4', 'the latest is announced');
    assert.isBelow(text.length, 600, `bounded (${text.length} characters)`);
    assert.equal(rows(el).length, 1000);
  });

  it('render() starts nothing: rendering a row over and over starts no timer and makes no object URL', async () => {
    const el = await mountUploader({ manual: true });
    el.addFiles([makeFile(1000, 'held.mp4')]);
    await untilState(el, 'held.mp4', 'queued');
    const urls = watchObjectUrls();
    const { setInterval: interval } = window;
    let intervals = 0;
    window.setInterval = ((...args: Parameters<typeof setInterval>) => (intervals++, interval(...args))) as typeof setInterval;
    try {
      for (let i = 0; i < 20; i++) {
        el.requestUpdate();
        await el.updateComplete;
      }
    } finally {
      window.setInterval = interval;
      urls.stop();
    }
    assert.equal(intervals, 0, 'no interval started by rendering');
    assert.equal(urls.live.size, 0, 'no object URL made by rendering');
  });
});

/** The upload token of the only row's engine, once the record in the element's resume store names it. */
async function waitForToken(): Promise<string> {
  let id = '';
  await waitFor(() => {
    const raw = Object.keys(localStorage).filter((k) => k.startsWith('kaltura-chunked-upload:')).map((k) => JSON.parse(localStorage.getItem(k)!));
    id = raw[0]?.uploadTokenId ?? '';
    return id;
  }, 'the resume record');
  return id;
}
