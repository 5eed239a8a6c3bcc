// The element's overall state as a page's CSS sees it: `:state(...)` (CustomStateSet) and the
// `state` attribute agree, follow the files from idle to uploading, paused, error and complete,
// and with several files the strongest wins: uploading over paused over error over complete.
import { assert } from '@esm-bundle/chai';
import type { KalturaUploaderElement } from '../../src/element/kaltura-uploader.js';
import { resetServer, setFaults } from '../helpers/kaltura-server.js';
import { FAULTS } from './faults.js';
import { makeFile, mountUploader, unmountAll, untilState } from './uploader-fixture.js';

const STATES = ['idle', 'uploading', 'paused', 'error', 'complete'];

/** The state CSS sees, checked to be the same through `:state()`, the attribute and the property. */
function cssState(el: KalturaUploaderElement): string {
  const matching = STATES.filter((s) => el.matches(`:state(${s})`));
  assert.deepEqual(matching, [el.getAttribute('state')], 'one custom state, the same as the attribute');
  assert.equal(el.state, el.getAttribute('state'));
  return el.getAttribute('state')!;
}

describe('<kaltura-uploader> state for CSS', () => {
  beforeEach(() => resetServer());
  afterEach(async () => {
    await setFaults([]);
    await unmountAll();
  });

  it('idle, then uploading, paused, uploading again and complete, as the file goes', async () => {
    await setFaults(FAULTS.slowChunks);
    const el = await mountUploader({ 'chunk-size': String(64 * 1024), concurrency: '1' });
    assert.equal(cssState(el), 'idle');
    el.addFiles([makeFile(400_000, 'one.mp4')]);
    await untilState(el, 'one.mp4', 'uploading');
    assert.equal(cssState(el), 'uploading');
    const style = document.createElement('style');
    style.textContent = 'kaltura-uploader:state(paused) { outline: 3px solid rgb(255, 0, 0); }';
    document.head.append(style);
    try {
      el.pause();
      await untilState(el, 'one.mp4', 'paused');
      assert.equal(cssState(el), 'paused');
      assert.equal(getComputedStyle(el).outlineColor, 'rgb(255, 0, 0)', 'a page style on :state(paused) applies');
    } finally {
      style.remove();
    }
    await setFaults([]);
    el.resume();
    await untilState(el, 'one.mp4', 'complete');
    assert.equal(cssState(el), 'complete');
  });

  it('error for a failed or rejected file; with several files uploading > paused > error > complete', async () => {
    const failing = await mountUploader({ ks: 'not-a-real-ks' });
    failing.addFiles([makeFile(1000, 'refused.mp4')]);
    await untilState(failing, 'refused.mp4', 'error');
    assert.equal(cssState(failing), 'error');
    const rejecting = await mountUploader({ accept: 'video/*' });
    rejecting.addFiles([makeFile(1000, 'notes.txt', 'text/plain')]);
    await rejecting.updateComplete;
    assert.equal(cssState(rejecting), 'error');

    await setFaults(FAULTS.slowChunks);
    const el = await mountUploader({ multiple: true, 'max-file-size': '300000', 'max-parallel-files': '1', 'chunk-size': String(64 * 1024), concurrency: '1' });
    el.addFiles([makeFile(2000, 'done.mp4')]);
    await untilState(el, 'done.mp4', 'complete');
    assert.equal(cssState(el), 'complete');
    el.addFiles([makeFile(400_000, 'too-big.mp4')]);
    await el.updateComplete;
    assert.equal(cssState(el), 'error', 'error over complete');
    el.addFiles([makeFile(250_000, 'paused.mp4'), makeFile(250_000, 'next.mp4')]);
    await el.updateComplete;
    await untilState(el, 'paused.mp4', 'uploading');
    assert.equal(cssState(el), 'uploading');
    el.pause();
    await untilState(el, 'paused.mp4', 'paused');
    await untilState(el, 'next.mp4', 'paused');
    assert.equal(cssState(el), 'paused', 'paused over error');
    el.resume();
    await untilState(el, 'paused.mp4', 'uploading');
    assert.equal(cssState(el), 'uploading', 'uploading over paused and error');
    el.cancel();
    await untilState(el, 'paused.mp4', 'cancelled');
    await untilState(el, 'next.mp4', 'cancelled');
    assert.equal(cssState(el), 'error', 'cancelled files count for nothing');
  });
});
