// `manual`, `metadata`, `multiple`, the `strings` override and Intl formatting in `lang`.
import { assert } from '@esm-bundle/chai';
import { adminKs, entryInfo, requestLog, resetServer, sha256Hex, userKs } from '../helpers/kaltura-server.js';
import {
  dropzone, makeFile, mountUploader, nextEvent, norm, row, rowButton, rowState, rows, shadow, stateText, unmountAll, untilState,
} from './uploader-fixture.js';

describe('<kaltura-uploader> modes and text', () => {
  beforeEach(() => resetServer());
  afterEach(() => unmountAll());

  it('`manual`: files wait, queued, until start()', async () => {
    const el = await mountUploader({ manual: true, multiple: true });
    const before = (await requestLog()).length;
    el.addFiles([makeFile(3000, 'one.mp4'), makeFile(4000, 'two.mp4')]);
    await el.updateComplete;
    assert.deepEqual(rows(el).map((r) => r.dataset.state), ['queued', 'queued']);
    assert.equal(stateText(el, 'one.mp4'), 'Queued');
    assert.isNotNull(shadow(el).querySelector('[part~="start-button"]'), 'an Upload button is offered');
    // A round trip to the server and back: still nothing sent.
    assert.equal((await requestLog()).length, before, 'no request before start()');
    assert.equal(rowState(el, 'one.mp4'), 'queued');

    const done = nextEvent(el, 'kaltura-upload-complete', (d) => d.file.name === 'two.mp4');
    el.start();
    await untilState(el, 'one.mp4', 'complete');
    await done;
    await untilState(el, 'two.mp4', 'complete');
    assert.isNull(shadow(el).querySelector('[part~="start-button"]'));
  });

  it('without `manual`, files start as soon as they are added; a KS set later lets waiting files go', async () => {
    const el = await mountUploader({}, { ks: '' });
    el.addFiles([makeFile(2000, 'early.mp4')]);
    await el.updateComplete;
    assert.equal(rowState(el, 'early.mp4'), 'queued', 'waits for a KS');
    el.ks = await userKs();
    await untilState(el, 'early.mp4', 'complete');
  });

  it('`metadata`: name, description and tags go to the new entry', async () => {
    const el = await mountUploader({ metadata: true });
    const file = makeFile(5000, 'raw-file-name.mp4');
    el.addFiles([file]);
    await el.updateComplete;
    const fields = row(el, 'raw-file-name.mp4').querySelector('[part="fields"]')!;
    const type = (label: string, value: string) => {
      const id = [...fields.querySelectorAll('label')].find((l) => l.textContent === label)!.htmlFor;
      const input = fields.querySelector<HTMLInputElement>(`#${id}`)!;
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    assert.equal(fields.querySelector<HTMLInputElement>('input')!.value, 'raw-file-name.mp4', 'the name starts as the file name');
    type('Name', 'Summer holiday');
    type('Description', 'Waves, sand');
    type('Tags', 'beach,summer');

    const complete = nextEvent(el, 'kaltura-upload-complete');
    el.start();
    const { entryId } = await complete;
    const entry = (await entryInfo(entryId))!;
    assert.equal(entry.name, 'Summer holiday');
    assert.equal(entry.description, 'Waves, sand');
    assert.equal(entry.tags, 'beach,summer');
    assert.equal(entry.sha256, await sha256Hex(file));
  });

  it('`metadata` merges its fields into `uploadOptions.entry`: categories, conversionProfileId and referenceId stay', async () => {
    const entryOptions = { categories: 'Holidays', conversionProfileId: 7, referenceId: `asset-${Date.now()}`, tags: 'replaced' };
    // An ADMIN KS: a default USER KS may not set referenceId, and Kaltura drops it (docs/engine-states.md).
    const el = await mountUploader({ metadata: true }, { ks: await adminKs(), uploadOptions: { entry: entryOptions } });
    const file = makeFile(4000, 'merged.mp4');
    el.addFiles([file]);
    await el.updateComplete;
    const fields = row(el, 'merged.mp4').querySelector('[part="fields"]')!;
    const name = fields.querySelector<HTMLInputElement>('input')!;
    name.value = 'Named in the form';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    const complete = nextEvent(el, 'kaltura-upload-complete');
    el.start();
    const entry = (await entryInfo((await complete).entryId))!;
    assert.equal(entry.name, 'Named in the form');
    assert.equal(entry.tags, '', 'the form\'s (empty) tags win over uploadOptions.entry');
    assert.equal(entry.categories, 'Holidays');
    assert.equal(entry.conversionProfileId, 7);
    assert.equal(entry.referenceId, entryOptions.referenceId);
    assert.deepEqual(el.uploadOptions.entry, entryOptions, 'the element\'s own options are not changed');
  });

  it('without `multiple`, only the first of several files is taken', async () => {
    const el = await mountUploader({ manual: true });
    el.addFiles([makeFile(10, 'first.mp4'), makeFile(10, 'second.mp4')]);
    await el.updateComplete;
    assert.deepEqual(rows(el).map((r) => r.querySelector('[part="name"]')!.textContent), ['first.mp4']);
  });

  it('`strings` replaces the visible and announced text; `lang` formats numbers', async () => {
    // Not following the entry, so the row ends in `done` (processing.test.ts covers what follows).
    const el = await mountUploader(
      { manual: true, lang: 'de', 'max-file-size': '2500000', 'no-track-processing': true },
      {
        strings: {
          dropzone: 'Dateien hier ablegen',
          dropzoneHint: (_accept, max) => `höchstens ${max}`,
          queued: 'Wartet',
          done: 'Fertig',
          start: 'Hochladen',
          cancel: 'Abbrechen',
          remove: 'Entfernen',
          actionLabel: (action, name) => `${name}: ${action}`,
          progress: (confirmed, _sent, total) => `${confirmed} von ${total}`,
          announceDone: (name) => `${name} ist hochgeladen`,
        },
      },
    );
    assert.include(norm(dropzone(el).textContent), 'Dateien hier ablegen');
    assert.include(norm(dropzone(el).textContent), 'höchstens 2,5 MB', 'German decimal comma');
    el.addFiles([makeFile(1_500_000, 'urlaub.mp4')]);
    await el.updateComplete;
    assert.equal(stateText(el, 'urlaub.mp4'), 'Wartet');
    assert.equal(norm(row(el, 'urlaub.mp4').querySelector('[part="size"]')!.textContent), '1,5 MB');
    assert.equal(shadow(el).querySelector('[part~="start-button"]')!.textContent!.trim(), 'Hochladen');
    assert.equal(rowButton(el, 'urlaub.mp4', 'cancel')!.getAttribute('aria-label'), 'urlaub.mp4: Abbrechen');

    el.start();
    await untilState(el, 'urlaub.mp4', 'complete');
    assert.equal(stateText(el, 'urlaub.mp4'), 'Fertig');
    assert.equal(norm(row(el, 'urlaub.mp4').querySelector('[part="details"]')!.textContent), '1,5 MB von 1,5 MB');
    assert.equal(rowButton(el, 'urlaub.mp4', 'remove')!.textContent!.trim(), 'Entfernen');
    assert.include(shadow(el).querySelector('[role="status"]')!.textContent, 'urlaub.mp4 ist hochgeladen');
    const bar = row(el, 'urlaub.mp4').querySelector('[role="progressbar"]')!;
    assert.equal(norm(bar.getAttribute('aria-valuetext')), '100 % confirmed, 100 % sent');

    el.lang = 'en';
    await el.updateComplete;
    assert.equal(norm(row(el, 'urlaub.mp4').querySelector('[part="size"]')!.textContent), '1.5 MB', 'follows a change of lang');
  });
});
