// A service URL where nothing answers (a refused connection): the row says the network failed
// within about 15 s, instead of retrying for the whole budget (about 50 s).
import { assert } from '@esm-bundle/chai';
import { closedPort } from '../helpers/kaltura-server.js';
import { makeFile, mountUploader, nextEvent, row, rowButton, stateText, unmountAll, untilState } from './uploader-fixture.js';

describe('<kaltura-uploader> with a service that never answers', function () {
  this.timeout(60_000);
  afterEach(() => unmountAll());

  it('the row says NETWORK_ERROR within about 15 s', async () => {
    const el = await mountUploader({ 'service-url': `http://127.0.0.1:${await closedPort()}`, ks: 'a-ks' });
    const failed = nextEvent(el, 'kaltura-upload-error');
    const started = performance.now();
    el.addFiles([makeFile(5000, 'nowhere.mp4')]);
    await untilState(el, 'nowhere.mp4', 'error', 30_000);
    const seconds = (performance.now() - started) / 1000;
    assert.isBelow(seconds, 17, `took ${seconds.toFixed(1)} s`);
    assert.equal((await failed).error.code, 'NETWORK_ERROR');
    assert.equal(stateText(el, 'nowhere.mp4'), 'Failed');
    assert.equal(row(el, 'nowhere.mp4').querySelector('[part="message"]')?.textContent?.trim(), 'The network connection failed.');
    assert.isNotNull(rowButton(el, 'nowhere.mp4', 'retry'));
  });
});
