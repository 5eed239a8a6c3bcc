// <kaltura-uploader> with `replace-entry-id` and `import-url`, against the real local API: a file
// replaces an entry's media (its row says "Replacing", then the outcome; kaltura-entry-* carry
// `replaced: true`), and links typed, pasted or dropped become imports that Kaltura downloads.
import { requireCapability, syntheticPasteCarriesText } from '../helpers/capability.js';
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload } from '../../src/index.js';
import { entryInfo, requestLog, resetServer, serveFile, setFaults, setServerOptions, sha256Hex, userKs } from '../helpers/kaltura-server.js';
import { makeFile, mountUploader, nextEvent, recordTexts, row, rows, shadow, stateText, unmountAll, waitFor } from './uploader-fixture.js';

/** A READY entry holding `file`, made by an ordinary upload. */
async function entryWith(file: File): Promise<string> {
  return (await new ChunkedUpload(file, { serviceUrl: location.origin, ks: await userKs() }).start()).entryId;
}

const linkForm = (el: HTMLElement) => el.shadowRoot!.querySelector<HTMLFormElement>('[part~="link-form"]');

describe('<kaltura-uploader replace-entry-id>', function () {
  this.timeout(60_000);
  beforeEach(resetServer);
  afterEach(async () => {
    await unmountAll();
    await setFaults([]);
  });

  it('replaces the entry\'s media: "Replacing", then Ready to play, kaltura-entry-ready with replaced: true and the same id', async () => {
    const oldFile = makeFile(30_000, 'old.mp4');
    const entryId = await entryWith(oldFile);
    await setServerOptions({ conversionMs: 800 });
    const el = await mountUploader({ 'replace-entry-id': entryId, multiple: true });
    const states = recordTexts(el, 'state');
    const ready = nextEvent(el, 'kaltura-entry-ready');
    const newFile = makeFile(50_000, 'new.mp4');
    el.addFiles([newFile, makeFile(10, 'second.mp4')]);
    await el.updateComplete;
    assert.lengthOf(rows(el), 1, 'one file replaces one entry');
    const detail = await ready;
    assert.equal(detail.entryId, entryId);
    assert.isTrue(detail.replaced);
    assert.equal(detail.file, newFile);
    await el.updateComplete;
    assert.include([...states], 'Replacing');
    assert.equal(stateText(el, 'new.mp4'), 'Ready to play');
    assert.equal((await entryInfo(entryId))?.sha256, await sha256Hex(newFile));
  });

  it('says "Waiting for approval" when the partner needs approval, and fires no entry event', async () => {
    const entryId = await entryWith(makeFile(20_000, 'old.mp4'));
    await setServerOptions({ replacementApproval: true });
    const el = await mountUploader({ 'replace-entry-id': entryId });
    let events = 0;
    el.addEventListener('kaltura-entry-ready', () => events++);
    el.addEventListener('kaltura-entry-failed', () => events++);
    el.addFiles([makeFile(25_000, 'new.mp4')]);
    await waitFor(() => stateText(el, 'new.mp4') === 'Waiting for approval', '"Waiting for approval"');
    assert.equal(row(el, 'new.mp4').dataset.processing, 'approval');
    assert.equal(events, 0);
  });

  it('a failed conversion of the new media: "Replacement failed", kaltura-entry-failed with replaced: true, the old media kept', async () => {
    const oldFile = makeFile(20_000, 'old.mp4');
    const entryId = await entryWith(oldFile);
    await setFaults([{ kind: 'failConversion', times: 1 }]);
    const el = await mountUploader({ 'replace-entry-id': entryId });
    const failed = nextEvent(el, 'kaltura-entry-failed');
    el.addFiles([makeFile(25_000, 'broken.mp4')]);
    const detail = await failed;
    assert.equal(detail.entryId, entryId);
    assert.isTrue(detail.replaced);
    await el.updateComplete;
    assert.equal(stateText(el, 'broken.mp4'), 'Replacement failed');
    const info = await entryInfo(entryId);
    assert.equal(info?.sha256, await sha256Hex(oldFile));
    assert.equal(info?.status, 2);
  });
});

describe('<kaltura-uploader import-url>', function () {
  this.timeout(60_000);
  beforeEach(resetServer);
  afterEach(unmountAll);

  it('shows a "Paste a link" field; a link typed there becomes an import row that reaches Ready to play with the served bytes', async () => {
    const el = await mountUploader({ 'import-url': true });
    await waitFor(() => linkForm(el), 'the link field');
    await el.updateComplete;
    const form = linkForm(el)!;
    assert.equal(form.querySelector('label')!.textContent!.trim(), 'Paste a link');
    const file = makeFile(120_000, 'talk.mp4');
    const url = await serveFile('talk.mp4', file);
    const ready = nextEvent(el, 'kaltura-entry-ready');
    form.querySelector('input')!.value = url;
    form.requestSubmit();
    const detail = await ready;
    assert.isUndefined(detail.replaced);
    assert.equal(detail.entry.name, 'talk.mp4');
    assert.equal((await entryInfo(detail.entryId))?.sha256, await sha256Hex(file));
    assert.lengthOf((await requestLog()).filter((r) => r.service === 'uploadtoken'), 0, 'no bytes through the browser');
  });

  it('a link pasted on the element becomes an import; one that 404s ends in kaltura-entry-failed with ERROR_IMPORTING', async function () {
    // The same link dropped (the next test) runs in every engine.
    requireCapability(this, syntheticPasteCarriesText(), 'a paste event made by a script carries no text here (a real paste does)');
    const el = await mountUploader({ 'import-url': true });
    await waitFor(() => linkForm(el), 'the link field');
    const url = await serveFile('gone.mp4');
    const failed = nextEvent(el, 'kaltura-entry-failed');
    const data = new DataTransfer();
    data.setData('text/plain', url);
    shadow(el).querySelector('[part~="dropzone"]')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, composed: true }));
    const detail = await failed;
    assert.equal(detail.entry.status, -2, 'ERROR_IMPORTING');
    await el.updateComplete;
    assert.equal(stateText(el, 'gone.mp4'), 'Conversion failed');
  });

  it('a link dropped on the element becomes an import row', async () => {
    const el = await mountUploader({ 'import-url': true });
    await waitFor(() => linkForm(el), 'the link field');
    const url = await serveFile('dropped.mp4', makeFile(4000, 'x.mp4'));
    const complete = nextEvent(el, 'kaltura-upload-complete');
    const data = new DataTransfer();
    data.setData('text/uri-list', `# a comment\n${url}`);
    const zone = shadow(el).querySelector('[part~="dropzone"]')!;
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, composed: true, cancelable: true }));
    await el.updateComplete;
    assert.lengthOf(rows(el), 1);
    await complete;
  });

  for (const link of ['javascript:alert(1)', 'file:///etc/passwd']) {
    it(`refuses a ${link.split(':')[0]}: link before any request, with a message`, async () => {
      const el = await mountUploader({ 'import-url': true });
      await waitFor(() => linkForm(el), 'the link field');
      const form = linkForm(el)!;
      form.querySelector('input')!.value = link;
      form.requestSubmit();
      await el.updateComplete;
      assert.lengthOf(rows(el), 0);
      assert.equal(form.querySelector('[role="alert"]')?.textContent?.trim(), 'Only http and https links can be imported.');
      const data = new DataTransfer();
      data.setData('text/plain', link);
      shadow(el).querySelector('[part~="dropzone"]')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, composed: true }));
      await el.updateComplete;
      assert.lengthOf(rows(el), 0);
      assert.lengthOf(await requestLog(), 0, 'nothing was sent');
    });
  }
});
