// Files that cannot be uploaded are turned away before any request, with a readable message next
// to the file, a polite announcement and a `kaltura-upload-error` event.
import { assert } from '@esm-bundle/chai';
import { UploadError } from '../../src/errors.js';
import { requestLog, resetServer } from '../helpers/kaltura-server.js';
import { announcer, makeFile, mountUploader, row, rowButton, rowState, rows, unmountAll, waitFor } from './uploader-fixture.js';

describe('<kaltura-uploader> rejections', () => {
  beforeEach(() => resetServer());
  afterEach(() => unmountAll());

  it('rejects a wrong type, an oversized file and an empty file, without a request', async () => {
    const el = await mountUploader({ accept: 'video/*, .mkv', 'max-file-size': '1000', multiple: true });
    const errors: { name: string; error: UploadError }[] = [];
    el.addEventListener('kaltura-upload-error', (e) => errors.push({ name: e.detail.file.name, error: e.detail.error }));
    const before = (await requestLog()).length;

    el.addFiles([
      makeFile(10, 'notes.txt', 'text/plain'),
      makeFile(2000, 'big.mp4'),
      makeFile(0, 'empty.mkv', ''),
    ]);
    await el.updateComplete;

    for (const name of ['notes.txt', 'big.mp4', 'empty.mkv']) assert.equal(rowState(el, name), 'rejected', name);
    const message = (name: string) => row(el, name).querySelector('[part="message"]')!.textContent!.trim();
    assert.equal(message('notes.txt'), 'This type of file is not accepted (allowed: video/*, .mkv).');
    assert.equal(message('big.mp4'), 'This file is larger than 1 kB.');
    assert.equal(message('empty.mkv'), 'This file is empty.');
    assert.isNull(row(el, 'big.mp4').querySelector('[role="progressbar"]'), 'no progress bar for a rejected file');
    assert.isNotNull(rowButton(el, 'big.mp4', 'remove'));

    assert.deepEqual(
      errors.map((e) => [e.name, e.error.code, e.error.retryable]),
      [
        ['notes.txt', 'FILE_TYPE_NOT_ACCEPTED', false],
        ['big.mp4', 'FILE_TOO_LARGE', false],
        ['empty.mkv', 'EMPTY_FILE', false],
      ],
    );
    assert.instanceOf(errors[0].error, UploadError);
    assert.equal(errors[1].error.message, 'This file is larger than 1 kB.');

    await waitFor(() => announcer(el).textContent!.includes('empty.mkv'), 'the announcement');
    const said = announcer(el).textContent!;
    assert.include(said, 'notes.txt not uploaded: This type of file is not accepted');
    assert.include(said, 'big.mp4 not uploaded: This file is larger than 1 kB.');
    assert.include(said, 'empty.mkv not uploaded: This file is empty.');

    assert.equal((await requestLog()).length, before, 'no request reached the server');
  });

  it('accepts extensions and MIME wildcards case-insensitively, and uploads what passes', async () => {
    const el = await mountUploader({ accept: '.MP4,image/*', multiple: true });
    el.addFiles([makeFile(100, 'CLIP.mp4', ''), makeFile(100, 'photo.jpg', 'image/jpeg'), makeFile(100, 'song.mp3', 'audio/mpeg')]);
    await el.updateComplete;
    assert.notEqual(rowState(el, 'CLIP.mp4'), 'rejected');
    assert.notEqual(rowState(el, 'photo.jpg'), 'rejected');
    assert.equal(rowState(el, 'song.mp3'), 'rejected');
    await waitFor(() => rowState(el, 'CLIP.mp4') === 'complete' && rowState(el, 'photo.jpg') === 'complete', 'both uploads');
  });

  it('Remove takes a rejected row away', async () => {
    const el = await mountUploader({ 'max-file-size': '10' });
    el.addFiles([makeFile(11, 'eleven.mp4')]);
    await el.updateComplete;
    rowButton(el, 'eleven.mp4', 'remove')!.click();
    await el.updateComplete;
    assert.lengthOf(rows(el), 0);
  });
});
