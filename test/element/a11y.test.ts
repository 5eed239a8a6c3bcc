// axe-core finds no violations in any state the element shows, in every language pack and the
// direction it is written in; the live region announces start, completion and failure, and the
// progress bar carries its values.
import { assert } from '@esm-bundle/chai';
import type { AxeResults } from 'axe-core';
import { MemoryResumeStore } from '../../src/index.js';
import { resetServer, setFaults, setServerOptions } from '../helpers/kaltura-server.js';
import { LOCALES, RTL_LOCALES } from '../helpers/locales.js';
import { makeWav, makeWebm } from '../helpers/media-files.js';
import { announcer, makeFile, mountEveryRowState, mountUploader, nextEvent, row, unmountAll, untilState, waitFor } from './uploader-fixture.js';

declare global {
  interface Window {
    axe: { run(context: Element, options?: object): Promise<AxeResults> };
  }
}

/** Loads axe-core's own source into the page (once). */
async function loadAxe(): Promise<void> {
  if (window.axe) return;
  await new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

async function violations(el: Element): Promise<string[]> {
  const results = await window.axe.run(el, { resultTypes: ['violations'] });
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('<kaltura-uploader> accessibility', () => {
  before(() => loadAxe());
  beforeEach(() => resetServer());
  afterEach(() => unmountAll());

  it('has no axe violations when empty', async () => {
    const el = await mountUploader({ accept: 'video/*', 'max-file-size': '1000000' });
    assert.deepEqual(await violations(el), []);
  });

  it('has no axe violations with rows waiting (with metadata fields), rejected, failed and done', async () => {
    for (const uploader of await mountEveryRowState()) assert.deepEqual(await violations(uploader), [], uploader.textContent ?? '');
  });

  it('has no axe violations while uploading and paused', async () => {
    const el = await mountUploader({ 'chunk-size': String(128 * 1024), concurrency: '1' });
    el.addFiles([makeFile(4 * 1024 * 1024, 'moving.mp4')]);
    await untilState(el, 'moving.mp4', 'uploading');
    el.pause();
    await untilState(el, 'moving.mp4', 'paused');
    assert.deepEqual(await violations(el), []);
  });

  it('has no axe violations with interrupted uploads listed above a row', async () => {
    const now = Date.now();
    const store = new MemoryResumeStore();
    const record = { uploadTokenId: '0_earlier', chunkSize: 65536, fileSize: 3_000_000, createdAt: now, updatedAt: now };
    store.set('one', { ...record, fileName: 'earlier.mp4', bytesConfirmed: 1_000_000 });
    store.set('two', { ...record, fileName: 'older.mov' });
    const el = await mountUploader({ manual: true }, { uploadOptions: { resumeStore: store } });
    el.addFiles([makeFile(2000, 'waiting.mp4')]);
    await waitFor(() => el.shadowRoot!.querySelectorAll('[part="interrupted-upload"]').length === 2, 'the interrupted list');
    assert.deepEqual(await violations(el), []);
    const names = [...el.shadowRoot!.querySelectorAll('[part~="forget-button"]')].map((b) => b.getAttribute('aria-label'));
    assert.sameMembers(names, ['Forget earlier.mp4', 'Forget older.mov'], 'each Forget button names its file');
  });

  it('has no axe violations on media rows: previewed, turned away by duration, processing, ready to play, conversion failed', async () => {
    const webm = await makeWebm('clip.webm', 1);
    const waiting = await mountUploader({ manual: true, multiple: true, 'max-duration': '2' });
    waiting.addFiles([webm, makeWav('long.wav', 3)]);
    await waitFor(() => (row(waiting, 'clip.webm').querySelector('[part="poster"]') as HTMLImageElement | null)?.naturalWidth, 'the poster');
    await untilState(waiting, 'long.wav', 'rejected');
    assert.deepEqual(await violations(waiting), [], 'previewed and rejected');

    await setServerOptions({ conversionMs: 3000 });
    const processing = await mountUploader();
    const complete = nextEvent(processing, 'kaltura-upload-complete');
    processing.addFiles([webm]);
    await complete;
    await processing.updateComplete;
    assert.equal(row(processing, 'clip.webm').dataset.processing, 'processing');
    assert.deepEqual(await violations(processing), [], 'processing');
    await nextEvent(processing, 'kaltura-entry-ready');
    await processing.updateComplete;
    await waitFor(() => row(processing, 'clip.webm').querySelector('[part="play-link"]'), 'the Play link');
    assert.deepEqual(await violations(processing), [], 'ready to play');
    await waitFor(() => announcer(processing).textContent!.includes('clip.webm is ready to play'), 'the ready announcement');

    await setServerOptions({ conversionMs: 100 });
    await setFaults([{ kind: 'failConversion', times: 1 }]);
    const failing = await mountUploader();
    const failed = nextEvent(failing, 'kaltura-entry-failed');
    failing.addFiles([webm]);
    await failed;
    await failing.updateComplete;
    assert.deepEqual(await violations(failing), [], 'conversion failed');
    await waitFor(() => announcer(failing).textContent!.includes('clip.webm could not be converted'), 'the failure announcement');
    await setFaults([]);
  });

  it('has no axe violations in every language pack, each laid out in its direction', async () => {
    for (const lang of LOCALES) {
      await import(`../../src/locales/${lang}.ts`);
      const el = await mountUploader({ lang, multiple: true, metadata: true, 'max-file-size': '100000' });
      el.addFiles([makeFile(2000, 'waiting.mp4'), makeFile(200000, 'too-big.mp4')]);
      const done = await mountUploader({ lang });
      done.addFiles([makeFile(2000, 'done.mp4')]);
      await untilState(done, 'done.mp4', 'complete');
      await el.updateComplete;
      for (const uploader of [el, done]) {
        const wrapper = uploader.shadowRoot!.querySelector('[dir]')!;
        assert.equal(getComputedStyle(wrapper).direction, RTL_LOCALES.includes(lang) ? 'rtl' : 'ltr', lang);
        assert.deepEqual(await violations(uploader), [], `${lang}: ${uploader.shadowRoot!.textContent}`);
      }
      await unmountAll();
    }
  });

  it('the progress bar has a name and values; announcements say start, done and failure', async () => {
    const el = await mountUploader();
    el.addFiles([makeFile(300 * 1024, 'spoken.mp4')]);
    await waitFor(() => announcer(el).textContent!.includes('Uploading spoken.mp4'), 'the start announcement');
    await untilState(el, 'spoken.mp4', 'complete');
    await waitFor(() => announcer(el).textContent!.includes('spoken.mp4 uploaded'), 'the done announcement');
    const bar = row(el, 'spoken.mp4').querySelector('[role="progressbar"]')!;
    assert.equal(bar.getAttribute('aria-valuemin'), '0');
    assert.equal(bar.getAttribute('aria-valuemax'), '100');
    assert.equal(bar.getAttribute('aria-valuenow'), '100');
    assert.equal(bar.getAttribute('aria-valuetext'), '100% confirmed, 100% sent');
    const labelId = bar.getAttribute('aria-labelledby')!;
    assert.equal(el.shadowRoot!.getElementById(labelId)!.textContent, 'spoken.mp4');
    assert.equal(announcer(el).getAttribute('aria-live'), 'polite');

    const failing = await mountUploader({ ks: 'not-a-real-ks' });
    failing.addFiles([makeFile(100, 'refused.mp4')]);
    await waitFor(() => announcer(failing).textContent!.includes('refused.mp4 failed: The session (KS) is not valid'),
      'the failure announcement');
  });
});
