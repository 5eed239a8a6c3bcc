// <kaltura-uploader name="video"> inside a <form>, as a CMS page uses it: the submitted form data
// holds the new entries' ids (and the entries hold the files), `required` blocks an empty submit,
// a submit while uploads run is blocked with a readable message, reset clears the finished rows,
// and `disabled` (its own, or a fieldset's) stops picking and dropping.
import { assert } from '@esm-bundle/chai';
import { entryInfo, resetServer, setFaults, sha256Hex } from '../helpers/kaltura-server.js';
import { FAULTS } from './faults.js';
import { dropzone, makeFile, mountUploader, rows, shadow, unmountAll, untilState, waitFor } from './uploader-fixture.js';

const forms: HTMLElement[] = [];

/** A form (with a title field, as a CMS has) holding a fresh uploader; `wrap` puts it in a fieldset. */
async function formWith(attrs: Record<string, string | boolean>, wrap = false) {
  const form = document.createElement('form');
  form.innerHTML = '<input name="title" value="Holiday">';
  const fieldset = document.createElement('fieldset');
  if (wrap) form.append(fieldset);
  document.body.append(form);
  forms.push(form);
  const el = await mountUploader({ name: 'video', multiple: true, ...attrs }, {}, wrap ? fieldset : form);
  return { form, el, fieldset };
}

/** Submits as a button would (constraint validation first); the form data if the submit went through, else null. */
async function submit(form: HTMLFormElement): Promise<FormData | null> {
  let data: FormData | null = null;
  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    data = new FormData(form);
  };
  form.addEventListener('submit', onSubmit);
  form.requestSubmit();
  await new Promise((r) => setTimeout(r));
  form.removeEventListener('submit', onSubmit);
  return data;
}

describe('<kaltura-uploader> in a form', () => {
  beforeEach(() => resetServer());
  afterEach(async () => {
    await unmountAll();
    for (const f of forms.splice(0)) f.remove();
  });

  it('a submit carries one entry id per completed upload under the name, and the entries hold the files', async () => {
    const { form, el } = await formWith({});
    const files = [makeFile(300_000, 'first.mp4'), makeFile(120_000, 'second.mp4')];
    const ids = new Map<string, string>();
    el.addEventListener('kaltura-upload-complete', (e) => ids.set(e.detail.file.name, e.detail.entryId));
    el.addFiles(files);
    await untilState(el, 'first.mp4', 'complete');
    await untilState(el, 'second.mp4', 'complete');

    const data = await submit(form);
    assert.ok(data, 'the form was submitted');
    assert.sameMembers(data!.getAll('video') as string[], [...ids.values()]);
    assert.equal(data!.get('title'), 'Holiday');
    for (const file of files) {
      const entry = await entryInfo(ids.get(file.name)!);
      assert.equal(entry?.sha256, await sha256Hex(file), `${file.name} is in its entry`);
    }
    assert.isTrue(el.matches(':valid'));
    assert.equal(el.form, form);
  });

  it('with no name the element adds nothing to the form data; a rejected or failed file adds nothing', async () => {
    const { form, el } = await formWith({ name: false, 'max-file-size': '1000' });
    el.addFiles([makeFile(500, 'kept.mp4'), makeFile(5000, 'too-big.mp4')]);
    await untilState(el, 'kept.mp4', 'complete');
    assert.deepEqual([...(await submit(form))!.keys()], ['title']);
    el.setAttribute('name', 'video');
    await el.updateComplete;
    assert.lengthOf((await submit(form))!.getAll('video'), 1, 'only the completed upload, not the rejected file');
  });

  it('`required` makes an empty form invalid, with a message, and blocks its submit until one upload is complete', async () => {
    const { form, el } = await formWith({ required: true });
    assert.isFalse(el.checkValidity());
    assert.isFalse(form.checkValidity());
    assert.isTrue(el.matches(':invalid'));
    assert.isTrue(el.validity.valueMissing);
    assert.equal(el.validationMessage, 'Upload at least one file.');
    const invalid = new Promise((resolve) => el.addEventListener('invalid', resolve, { once: true }));
    assert.isNull(await submit(form), 'the submit is blocked');
    await invalid;

    el.addFiles([makeFile(50_000, 'needed.mp4')]);
    await untilState(el, 'needed.mp4', 'complete');
    assert.isTrue(el.checkValidity());
    assert.isTrue(el.matches(':valid'));
    assert.lengthOf((await submit(form))!.getAll('video'), 1);
  });

  it('a submit while an upload runs is blocked with a message saying to wait; it goes through once the upload is done', async () => {
    await setFaults(FAULTS.slowChunks);
    const { form, el } = await formWith({ 'chunk-size': String(64 * 1024), concurrency: '1' });
    el.addFiles([makeFile(600_000, 'slow.mp4')]);
    await untilState(el, 'slow.mp4', 'uploading');
    assert.isFalse(el.checkValidity());
    assert.isTrue(el.validity.customError);
    assert.equal(el.validationMessage, 'Wait until the upload finishes.');
    assert.isNull(await submit(form), 'the submit is blocked');
    el.strings = { formBusy: (n) => `${n} en cours` };
    await el.updateComplete;
    assert.equal(el.validationMessage, '1 en cours', 'the message comes from the strings');

    await setFaults([]);
    await untilState(el, 'slow.mp4', 'complete');
    assert.isTrue(el.checkValidity());
    assert.lengthOf((await submit(form))!.getAll('video'), 1);
  });

  it('form.reset() clears the finished rows and their ids; the element is valid and idle again', async () => {
    const { form, el } = await formWith({ 'max-file-size': '100000' });
    el.addFiles([makeFile(20_000, 'done.mp4'), makeFile(200_000, 'rejected.mp4')]);
    await untilState(el, 'done.mp4', 'complete');
    assert.lengthOf((await submit(form))!.getAll('video'), 1);
    form.reset();
    await el.updateComplete;
    assert.deepEqual(rows(el), []);
    assert.deepEqual((await submit(form))!.getAll('video'), []);
    assert.equal(el.getAttribute('state'), 'idle');
  });

  it('`disabled`, or a <fieldset disabled> around it, stops picking, drops and pastes, and keeps it out of the form data', async () => {
    const { form, el, fieldset } = await formWith({}, true);
    el.addFiles([makeFile(10_000, 'before.mp4')]);
    await untilState(el, 'before.mp4', 'complete');

    const drop = () => {
      const transfer = new DataTransfer();
      transfer.items.add(makeFile(1000, 'dropped.mp4'));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        dropzone(el).dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }));
      }
    };
    for (const disable of [() => fieldset.toggleAttribute('disabled', true), () => (el.disabled = true)]) {
      disable();
      await el.updateComplete;
      assert.isTrue(el.matches(':disabled'));
      assert.isTrue(dropzone(el).disabled, 'the drop zone button is disabled');
      assert.isTrue(shadow(el).querySelector<HTMLInputElement>('input[type=file]')!.disabled, 'the file input is disabled');
      drop();
      assert.isFalse(el.hasAttribute('dragover'));
      assert.lengthOf(rows(el), 1, 'the drop was refused');
      assert.deepEqual((await submit(form))!.getAll('video'), [], 'a disabled control adds nothing to the form data');
      fieldset.removeAttribute('disabled');
      el.disabled = false;
      await el.updateComplete;
    }
    assert.isFalse(dropzone(el).disabled);
    assert.lengthOf((await submit(form))!.getAll('video'), 1);
    drop();
    await waitFor(() => rows(el).length === 2, 'the drop to be taken once enabled');
  });
});
