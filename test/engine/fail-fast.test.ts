// Fail fast where waiting cannot help: a service that has never answered this page (a refused
// connection, an unknown host) ends in NETWORK_ERROR within about 15 s, where the full retry
// budget takes about 50 s; once a service has answered, a network that drops is waited for with
// the whole budget, as before. The end-to-end figures come from real refused connections and a
// real DNS failure; the rule itself is stepped with the fake transport and a clock moved by hand.
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload, UploadError } from '../../src/index.js';
import { closedPort } from '../helpers/kaltura-server.js';
import { FakeTransport, token } from './fake-transport.js';

const file = () => new File([new Uint8Array(1000)], 'never.mp4', { type: 'video/mp4' });

async function timedFailure(serviceUrl: string): Promise<{ error: UploadError; seconds: number }> {
  const started = performance.now();
  const error = await new ChunkedUpload(file(), { serviceUrl, ks: 'any' }).start().then(
    () => assert.fail('it cannot succeed'),
    (e: UploadError) => e,
  );
  return { error, seconds: (performance.now() - started) / 1000 };
}

describe('ChunkedUpload: a service that never answered', function () {
  this.timeout(60_000);

  it('a refused connection ends in NETWORK_ERROR within about 15 s', async () => {
    const { error, seconds } = await timedFailure(`http://127.0.0.1:${await closedPort()}`);
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.isTrue(error.retryable);
    assert.isBelow(seconds, 17, `took ${seconds.toFixed(1)} s`);
  });

  it('an unknown host ends in NETWORK_ERROR within about 15 s', async () => {
    const { error, seconds } = await timedFailure('http://kaltura-chunked-upload-test.invalid');
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.isBelow(seconds, 20, `took ${seconds.toFixed(1)} s`);
  });
});

describe('ChunkedUpload: the never-answered rule, stepped', () => {
  const realNow = Date.now;
  let offset = 0;
  beforeEach(() => {
    offset = 0;
    Date.now = () => realNow() + offset;
  });
  afterEach(() => (Date.now = realNow));

  /** Fails every request as a dead connection does, moving the clock 4 s per failure; counts them. */
  async function failuresUntilGiveUp(serviceUrl: string, answerFirst: boolean): Promise<{ failures: number; error: UploadError }> {
    const fake = new FakeTransport();
    const upload = new ChunkedUpload(file(), { serviceUrl, ks: 'ks', transport: fake.transport, retry: { retries: 20, minDelay: 1, maxDelay: 2 } });
    const result = upload.start().then(() => assert.fail('it cannot succeed'), (e: UploadError) => e);
    let failures = 0;
    if (answerFirst) (await fake.nextRequest()).respond(token('0_t', 0)); // uploadToken.add got an answer
    for (;;) {
      const next = await Promise.race([fake.nextRequest(5000), result]);
      if (next instanceof UploadError) return { failures, error: next };
      offset += 4000;
      failures++;
      next.fail();
    }
  }

  it('gives up on network errors past 15 s when the service never answered', async () => {
    const { failures, error } = await failuresUntilGiveUp('https://never.example', false);
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.equal(failures, 4, 'the try that would start after 15 s is not made');
  });

  it('keeps the whole retry budget once the service has answered this page', async () => {
    const { failures, error } = await failuresUntilGiveUp('https://answered.example', true);
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.equal(failures, 21, 'every one of the 20 retries was used');
  });
});
