// The contract's events: names, order, details, bubbling out of shadow roots.
import { assert } from '@esm-bundle/chai';
import { UploadError } from '../../src/errors.js';
import { entryInfo, resetServer, setFaults, sha256Hex } from '../helpers/kaltura-server.js';
import type { UploaderStateChangeDetail } from '../../src/index.js';
import { makeFile, mountUploader, unmountAll, untilState } from './uploader-fixture.js';

const TYPES = [
  'kaltura-upload-start',
  'kaltura-upload-progress',
  'kaltura-upload-statechange',
  'kaltura-upload-complete',
  'kaltura-upload-error',
] as const;

/** Records every uploader event reaching `target`, in order. */
function record(target: EventTarget): CustomEvent[] {
  const events: CustomEvent[] = [];
  for (const type of TYPES) target.addEventListener(type, (e) => events.push(e as CustomEvent));
  return events;
}

describe('<kaltura-uploader> events', () => {
  beforeEach(() => resetServer());
  afterEach(() => unmountAll());

  it('a successful upload: start, statechanges and progress, then complete, all reaching the document', async () => {
    // Inside another shadow root: only bubbling + composed events reach the document.
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const events = record(document);
    const el = await mountUploader({ 'chunk-size': String(256 * 1024) }, {}, root);
    const file = makeFile(1024 * 1024 + 5, 'order.mp4');

    el.addFiles([file]);
    await untilState(el, 'order.mp4', 'complete');
    host.remove();

    for (const e of events) {
      assert.isTrue(e.bubbles && e.composed, `${e.type} bubbles and is composed`);
      assert.strictEqual(e.detail.file, file, `${e.type} carries the File`);
      assert.strictEqual(e.target, host, 'retargeted to the outer host');
    }
    const types = events.map((e) => e.type);
    assert.equal(types[0], 'kaltura-upload-start');
    assert.equal(types.at(-1), 'kaltura-upload-complete');
    assert.notInclude(types, 'kaltura-upload-error');

    const changes = events.filter((e) => e.type === 'kaltura-upload-statechange').map((e) => [e.detail.previous, e.detail.state]);
    assert.deepEqual(changes, [
      ['idle', 'uploading'],
      ['uploading', 'finalizing'],
      ['finalizing', 'complete'],
    ]);

    const progress = events.filter((e) => e.type === 'kaltura-upload-progress').map((e) => e.detail);
    assert.isAbove(progress.length, 1);
    for (let i = 1; i < progress.length; i++) {
      assert.isAtLeast(progress[i].bytesSent, progress[i - 1].bytesSent, 'sent never goes back');
      assert.isAtLeast(progress[i].bytesConfirmed, progress[i - 1].bytesConfirmed, 'confirmed never goes back');
    }
    for (const p of progress) {
      assert.equal(p.bytesTotal, file.size);
      assert.isAtMost(p.bytesConfirmed, p.bytesSent);
    }
    assert.equal(progress.at(-1)!.bytesConfirmed, file.size);
    const finalizing = types.indexOf('kaltura-upload-statechange', types.indexOf('kaltura-upload-progress'));
    assert.isBelow(types.lastIndexOf('kaltura-upload-progress'), types.lastIndexOf('kaltura-upload-complete'));
    assert.isAbove(finalizing, 0);

    const { entryId, uploadTokenId } = events.at(-1)!.detail;
    assert.isString(uploadTokenId);
    const entry = (await entryInfo(entryId))!;
    assert.equal(entry.sha256, await sha256Hex(file), 'the server holds the same bytes');
  });

  it('a failed upload: an error event with an UploadError, after the statechange to error', async () => {
    const el = await mountUploader({ ks: 'not-a-real-ks' });
    const events = record(el);
    const file = makeFile(1000, 'denied.mp4');
    el.addFiles([file]);
    await untilState(el, 'denied.mp4', 'error');

    const types = events.map((e) => e.type);
    assert.equal(types[0], 'kaltura-upload-start');
    assert.equal(types.at(-1), 'kaltura-upload-error');
    assert.notInclude(types, 'kaltura-upload-complete');
    const last = events.filter((e) => e.type === 'kaltura-upload-statechange').at(-1)!;
    assert.equal(last.detail.state, 'error');
    const { error } = events.at(-1)!.detail;
    assert.instanceOf(error, UploadError);
    assert.equal(error.code, 'INVALID_KS');
    assert.isFalse(error.retryable);
  });

  it('a cancel ends in a statechange to cancelled, not an error event', async () => {
    const el = await mountUploader({ 'chunk-size': String(256 * 1024), concurrency: '1' });
    const events = record(el);
    el.addFiles([makeFile(8 * 1024 * 1024, 'cancel.mp4')]);
    await untilState(el, 'cancel.mp4', 'uploading');
    el.cancel();
    await untilState(el, 'cancel.mp4', 'cancelled');
    const types = events.map((e) => e.type);
    assert.notInclude(types, 'kaltura-upload-error');
    assert.notInclude(types, 'kaltura-upload-complete');
    assert.equal(events.filter((e) => e.type === 'kaltura-upload-statechange').at(-1)!.detail.state, 'cancelled');
  });

  it('a statechange carries what belongs to its state: a retry\'s attempt, delay and error; the result on completion', async () => {
    // A file of one chunk sends its bytes in a multirequest (with its entry): the 503 meets that request.
    await setFaults([{ kind: 'http503', service: 'multirequest', times: 1 }]);
    const el = await mountUploader({}, { uploadOptions: { retry: { minDelay: 10, maxDelay: 20 } } });
    const changes: UploaderStateChangeDetail[] = [];
    el.addEventListener('kaltura-upload-statechange', (e) => changes.push(e.detail));
    el.addFiles([makeFile(2000, 'retry.mp4')]);
    await untilState(el, 'retry.mp4', 'complete');
    const retry = changes.find((c) => c.state === 'retrying');
    assert.equal(retry?.attempt, 1);
    assert.isAtLeast(retry?.retryInMs ?? -1, 0);
    assert.equal(retry?.error?.code, 'HTTP_ERROR');
    const done = changes.at(-1)!;
    assert.equal(done.state, 'complete');
    assert.equal(done.state === 'complete' && (await entryInfo(done.result.entryId))?.size, 2000, 'the result names the entry with the file');
  });
});
