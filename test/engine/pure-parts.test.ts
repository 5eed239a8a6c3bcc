// Table tests for the pure parts of the engine: chunk plan, retry delays, error classification.
import { assert } from '@esm-bundle/chai';
import { blobSource } from '../../src/engine/chunk-plan.js';
import { chunkEnd, nextRate, wholeFirst } from '../../src/engine/transfer-plan.js';
import { defaultRetry, refreshesKs, retryDelay } from '../../src/engine/retry-policy.js';
import { parseAnswer } from '../../src/kaltura/client.js';
import { UploadError } from '../../src/errors.js';

describe('chunkEnd: the chunk plan', () => {
  const MiB = 1024 * 1024;
  const adaptive = { concurrency: 6 };
  const cases: [label: string, at: number, size: number, rate: number, options: { chunkSize?: number; concurrency: number }, end: number][] = [
    ['a fixed size is used exactly', 0, 37, 0, { chunkSize: 10, concurrency: 2 }, 10],
    ['a fixed size: the last chunk is shorter', 30, 37, 5e9, { chunkSize: 10, concurrency: 2 }, 37],
    ['a fixed size: no tail rides along', 20, 31, 0, { chunkSize: 10, concurrency: 2 }, 30],
    ['no rate yet: the probe, a 128th of the file', 0, 256 * MiB, 0, adaptive, 2 * MiB],
    ['no rate yet: a probe of 1 MiB at least', 0, 16 * MiB, 0, adaptive, MiB],
    ['no rate yet: a probe of 4 MiB at most', 0, 1024 * MiB, 0, adaptive, 4 * MiB],
    ['no rate yet, a small file: all of it', 0, 2 * MiB - 1, 0, adaptive, 2 * MiB - 1],
    ['2 s of the rate shared by 6 requests', 8 * MiB, 1024 * MiB, 60 * MiB, adaptive, 28 * MiB],
    ['a slow link: never below 1 MiB', 8 * MiB, 1024 * MiB, 100_000, adaptive, 9 * MiB],
    ['a fast link: never above 64 MiB', 8 * MiB, 1024 * MiB, 1e10, adaptive, 72 * MiB],
    ['a tail under 1 MiB goes with the chunk before it', 8 * MiB, 13.5 * MiB, 60 * MiB, { concurrency: 12 }, 13.5 * MiB],
    ['the rest, when it is less than a chunk', 8 * MiB, 12 * MiB, 60 * MiB, adaptive, 12 * MiB],
  ];
  for (const [label, at, size, rate, options, end] of cases) {
    it(label, () => assert.equal(chunkEnd(at, size, rate, options), end));
  }

  it('measures the rate from answers, shared by the chunks in flight, smoothed', () => {
    assert.equal(nextRate(0, MiB, 500, 1), 2 * MiB);
    assert.equal(nextRate(0, MiB, 500, 6), 12 * MiB, 'six at a time: the link carries six times one');
    assert.equal(nextRate(2 * MiB, MiB, 250, 1), 3 * MiB, 'halfway to the new sample');
  });

  it('sends a file of 16 MiB or more first as one request, unless the chunk size is fixed', () => {
    assert.isTrue(wholeFirst(16 * MiB, {}));
    assert.isFalse(wholeFirst(16 * MiB - 1, {}), 'a few chunks, the first of which finds a slow link');
    assert.isFalse(wholeFirst(256 * MiB, { chunkSize: 16 * MiB }));
  });

});

describe('blobSource', () => {
  it('gives the File itself for all of it (Chromium\'s fast path), a slice for any part', async () => {
    const file = new File(['0123456789'], 'a.mp4');
    const source = blobSource(file);
    assert.equal(source.size, 10);
    assert.strictEqual(source.bytes(0, 10), file);
    assert.notStrictEqual(source.bytes(0, 9), file);
    assert.equal(await (await source.bytes(3, 7)).text(), '3456');
  });
});

describe('retryDelay', () => {
  const opts = { retries: 3, minDelay: 100, maxDelay: 1000 };
  const cases: [attempt: number, random: number, retryAfter: number | undefined, expected: number | undefined][] = [
    [1, 0, undefined, 50], [1, 1, undefined, 100], [2, 0, undefined, 100], [3, 1, undefined, 400],
    [4, 0.5, undefined, undefined], // budget spent
    [1, 0, 700, 700], // Retry-After asks for longer
    [1, 0, 60_000, 4000], // ...but not forever
  ];
  for (const [attempt, random, retryAfter, expected] of cases) {
    it(`attempt ${attempt}, random ${random}, Retry-After ${retryAfter}`, () => {
      assert.equal(retryDelay(attempt, opts, retryAfter, () => random), expected);
    });
  }
  it('has a bounded default budget', () => {
    assert.isUndefined(retryDelay(defaultRetry.retries + 1, defaultRetry));
  });
});

/** What the request loop does about a failed request, in its order: a new KS, else another try when retryable, else fail. */
const remedyFor = (error: UploadError, ksIsFunction: boolean) => (refreshesKs(error, ksIsFunction) ? 'refresh-ks' : error.retryable ? 'retry' : 'fail');

describe('error classification', () => {
  const exception = (code: string) => JSON.stringify({ code, message: code, objectType: 'KalturaAPIException', args: [] });
  const classify = (status: number, body: string, ksFn = false) => {
    try {
      parseAnswer('uploadtoken.upload', status, body, null);
      return 'ok';
    } catch (e) {
      return `${(e as UploadError).code}:${remedyFor(e as UploadError, ksFn)}`;
    }
  };
  const cases: [status: number, body: string, ksFn: boolean, expected: string][] = [
    [200, '{"id":"0_x","objectType":"KalturaUploadToken"}', false, 'ok'],
    [200, exception('INVALID_KS'), true, 'INVALID_KS:refresh-ks'],
    [200, exception('INVALID_KS'), false, 'INVALID_KS:fail'],
    [200, exception('UPLOAD_TOKEN_NOT_FOUND'), true, 'UPLOAD_TOKEN_NOT_FOUND:fail'],
    [500, '<html>oops</html>', false, 'HTTP_ERROR:retry'],
    [503, '', false, 'HTTP_ERROR:retry'],
    [429, '', false, 'HTTP_ERROR:retry'],
    [404, '', false, 'HTTP_ERROR:fail'],
    [200, '<html>proxy page</html>', false, 'BAD_RESPONSE:retry'],
  ];
  for (const [status, body, ksFn, expected] of cases) {
    it(`HTTP ${status} ${body.slice(0, 40)} → ${expected}`, () => assert.equal(classify(status, body, ksFn), expected));
  }
  it('keeps Kaltura error args', () => {
    try {
      parseAnswer('x.y', 200, JSON.stringify({ code: 'INVALID_KS', message: 'm', objectType: 'KalturaAPIException', args: { KSID: 'EXPIRED' } }), null);
    } catch (e) {
      assert.deepEqual((e as UploadError).args, { KSID: 'EXPIRED' });
      return;
    }
    assert.fail('no error');
  });
});

describe('refreshesKs, and the remedy the request loop picks', () => {
  const cases: [code: string, retryable: boolean, ksIsFunction: boolean, remedy: string][] = [
    ['NETWORK_ERROR', true, false, 'retry'],
    ['TIMEOUT', true, false, 'retry'],
    ['HTTP_ERROR', true, true, 'retry'], // 5xx, 408, 429
    ['HTTP_ERROR', false, true, 'fail'], // 4xx
    ['BAD_RESPONSE', true, false, 'retry'],
    ['INVALID_KS', false, true, 'refresh-ks'],
    ['INVALID_KS', false, false, 'fail'],
    ['UPLOAD_TOKEN_NOT_FOUND', false, true, 'fail'],
    ['SERVICE_FORBIDDEN', false, true, 'fail'],
    ['CANCELLED', false, true, 'fail'],
  ];
  for (const [code, retryable, ksFn, remedy] of cases) {
    it(`${code}${retryable ? ' (retryable)' : ''}, ks ${ksFn ? 'function' : 'string'} → ${remedy}`, () => {
      assert.equal(remedyFor(new UploadError(code, code, { retryable }), ksFn), remedy);
    });
  }
});
