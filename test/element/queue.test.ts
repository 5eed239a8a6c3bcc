// Several files: at most `max-parallel-files` move bytes at once, the rest wait in line, and
// every file ends on the server intact.
import { assert } from '@esm-bundle/chai';
import { entryInfo, resetServer, setFaults, sha256Hex } from '../helpers/kaltura-server.js';
import { FAULTS } from './faults.js';
import {
  makeFile, mountUploader, nextEvent, rowButton, rowState, rows, stateText, unmountAll, untilState, waitFor,
} from './uploader-fixture.js';

const MOVING = new Set(['uploading', 'retrying', 'finalizing']);

describe('<kaltura-uploader> queue', () => {
  beforeEach(() => resetServer());
  afterEach(async () => {
    await unmountAll();
    await setFaults([]);
  });

  for (const limit of [1, 2]) {
    it(`uploads 5 files with no more than ${limit} at once`, async () => {
      const el = await mountUploader({ multiple: true, 'max-parallel-files': String(limit), 'chunk-size': String(128 * 1024) });
      const files = [0, 1, 2, 3, 4].map((i) => makeFile(600 * 1024 + i * 1000, `file-${i}.mp4`));
      const states = new Map<File, string>();
      let most = 0;
      el.addEventListener('kaltura-upload-statechange', (e) => {
        states.set(e.detail.file, e.detail.state);
        most = Math.max(most, [...states.values()].filter((s) => MOVING.has(s)).length);
      });
      const entries = new Map<File, string>();
      el.addEventListener('kaltura-upload-complete', (e) => entries.set(e.detail.file, e.detail.entryId));

      el.addFiles(files);
      await el.updateComplete;
      // Started is `idle` ("Starting") while the engine looks the file up in the resume store, then `uploading`.
      const started = (state?: string) => (state === 'idle' || state === 'uploading' ? 'started' : state);
      assert.deepEqual(
        rows(el).map((r) => started(r.dataset.state)),
        [...Array(5)].map((_, i) => (i < limit ? 'started' : 'queued')),
        'the first files start, the others wait',
      );
      assert.equal(stateText(el, 'file-4.mp4'), 'Queued');

      await waitFor(() => entries.size === 5, 'all five uploads', 120_000);
      assert.isAtMost(most, limit, 'never more than the limit moving at once');
      assert.equal(most, limit, 'the limit is used');
      for (const file of files) assert.equal((await entryInfo(entries.get(file)!))!.sha256, await sha256Hex(file), file.name);
    });
  }

  it('a paused file frees its slot; resuming it waits for a free slot', async () => {
    await setFaults(FAULTS.slowChunks);
    const el = await mountUploader({ multiple: true, manual: true, 'max-parallel-files': '1', 'chunk-size': String(256 * 1024), concurrency: '1' });
    const [a, b] = [makeFile(2 * 1024 * 1024, 'a.mp4'), makeFile(1024 * 1024, 'b.mp4')];
    const bDone = nextEvent(el, 'kaltura-upload-complete', (d) => d.file === b);
    el.addFiles([a, b]);
    el.start();
    await untilState(el, 'a.mp4', 'uploading');
    assert.equal(rowState(el, 'b.mp4'), 'queued');
    rowButton(el, 'a.mp4', 'pause')!.click();
    await untilState(el, 'b.mp4', 'uploading');
    assert.equal(rowState(el, 'a.mp4'), 'paused', 'b took the slot a freed');
    rowButton(el, 'a.mp4', 'resume')!.click();
    await el.updateComplete;
    assert.equal(rowState(el, 'a.mp4'), 'queued', 'a waits for b');
    assert.equal(stateText(el, 'a.mp4'), 'Queued');
    await bDone;
    await untilState(el, 'a.mp4', 'complete');
  });
});
