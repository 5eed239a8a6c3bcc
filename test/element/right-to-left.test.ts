// Right to left, checked on the layout boxes a person sees: in Hebrew (by `lang` alone, or by a
// `dir` around the element) the progress bar fills from the right edge, the row's buttons come in
// mirrored order and sit at the left end, and the name starts at the right; a nearer `dir="ltr"`
// keeps a Hebrew element left to right. The same rows in English are the mirror image.
import { assert } from '@esm-bundle/chai';
import type { KalturaUploaderElement } from '../../src/element/kaltura-uploader.js';
import { resetServer, setFaults } from '../helpers/kaltura-server.js';
import { FAULTS } from './faults.js';
import { makeFile, mountUploader, row, rowButton, unmountAll, untilState, waitFor } from './uploader-fixture.js';

const box = (el: Element) => el.getBoundingClientRect();

/** A row paused part way, so its bar is partly filled and it shows Resume and Cancel; `where` holds the uploader. */
async function pausedRow(attrs: Record<string, string>, where: HTMLElement = document.body): Promise<{ el: KalturaUploaderElement; li: HTMLLIElement }> {
  const el = await mountUploader({ 'chunk-size': String(64 * 1024), concurrency: '1', ...attrs }, {}, where);
  el.addFiles([makeFile(1024 * 1024, 'clip.mp4')]);
  let confirmed = 0;
  el.addEventListener('kaltura-upload-progress', (e) => (confirmed = e.detail.bytesConfirmed));
  await waitFor(() => confirmed >= 256 * 1024, 'a quarter of the file confirmed');
  el.pause();
  await untilState(el, 'clip.mp4', 'paused');
  const fill = () => row(el, 'clip.mp4').querySelector('[part="progress-confirmed"]')!;
  // The fill's transition: wait until its box stops moving.
  let last = '';
  await waitFor(() => {
    const now = JSON.stringify(box(fill()));
    const still = now === last;
    last = now;
    return still;
  }, 'the bar to settle');
  return { el, li: row(el, 'clip.mp4') };
}

/** Where the pieces of a paused row are, as a person would describe them. */
function layout(el: KalturaUploaderElement, li: HTMLLIElement) {
  const bar = box(li.querySelector('[part="progress-bar"]')!);
  const fill = box(li.querySelector('[part="progress-confirmed"]')!);
  const head = box(li.querySelector('.head')!);
  const name = box(li.querySelector('[part="name"]')!);
  const resume = box(rowButton(el, 'clip.mp4', 'resume')!);
  const cancel = box(rowButton(el, 'clip.mp4', 'cancel')!);
  const foot = box(li.querySelector('.foot')!);
  return {
    fillsFromRight: Math.abs(fill.right - bar.right) < 1 && fill.left > bar.left + 1,
    fillsFromLeft: Math.abs(fill.left - bar.left) < 1 && fill.right < bar.right - 1,
    resumeRightOfCancel: resume.left > cancel.right,
    buttonsAtLeftEnd: Math.abs(Math.min(resume.left, cancel.left) - foot.left) < 1,
    nameAtRight: Math.abs(name.right - head.right) < 1,
    direction: getComputedStyle(li).direction,
  };
}

describe('<kaltura-uploader> right to left', () => {
  beforeEach(async () => {
    await resetServer();
    await setFaults(FAULTS.slowChunks);
  });
  afterEach(async () => {
    await setFaults([]);
    await unmountAll();
  });

  it('lang="he" alone lays a row out right to left; the same row in English is its mirror image', async () => {
    await import('../../src/locales/he.ts');
    const he = await pausedRow({ lang: 'he' });
    assert.deepEqual(layout(he.el, he.li), {
      fillsFromRight: true, fillsFromLeft: false, resumeRightOfCancel: true, buttonsAtLeftEnd: true, nameAtRight: true, direction: 'rtl',
    });
    assert.equal(rowButton(he.el, 'clip.mp4', 'resume')!.textContent!.trim(), 'המשך');
    const en = await pausedRow({ lang: 'en' });
    assert.deepEqual(layout(en.el, en.li), {
      fillsFromRight: false, fillsFromLeft: true, resumeRightOfCancel: false, buttonsAtLeftEnd: false, nameAtRight: false, direction: 'ltr',
    });
  });

  it('a dir="rtl" around an English element is right to left; a nearer dir="ltr" keeps a Hebrew one left to right', async () => {
    const rtl = document.createElement('div');
    rtl.dir = 'rtl';
    const ltrInsideHebrew = document.createElement('div');
    ltrInsideHebrew.lang = 'he';
    ltrInsideHebrew.dir = 'ltr';
    document.body.append(rtl, ltrInsideHebrew);
    try {
      const english = await pausedRow({}, rtl);
      assert.isTrue(layout(english.el, english.li).fillsFromRight, 'dir=rtl on an ancestor');
      const hebrew = await pausedRow({}, ltrInsideHebrew);
      assert.isTrue(layout(hebrew.el, hebrew.li).fillsFromLeft, 'dir=ltr as near as lang=he');
      const own = await pausedRow({ lang: 'he' }, ltrInsideHebrew);
      assert.isTrue(layout(own.el, own.li).fillsFromRight, 'the element\'s own lang=he is nearer than the ancestor\'s dir=ltr');
      own.el.dir = 'ltr';
      await own.el.updateComplete;
      assert.equal(layout(own.el, own.li).direction, 'ltr', 'its own dir wins and is followed when set');
    } finally {
      rtl.remove();
      ltrInsideHebrew.remove();
    }
  });
});
