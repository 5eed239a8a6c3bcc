// Table tests for the pure parts of the engine: chunk plan, retry delays, error classification.
import { assert } from '@esm-bundle/chai';
import { planChunks } from '../../src/engine/chunk-plan.js';
import { defaultRetry, remedyFor, retryDelay } from '../../src/engine/retry-policy.js';
import { parseAnswer } from '../../src/kaltura/client.js';
import { UploadError } from '../../src/errors.js';

describe('planChunks', () => {
  const cases: [size: number, chunk: number, ranges: [number, number][]][] = [
    [1, 10, [[0, 1]]],
    [9, 10, [[0, 9]]],
    [10, 10, [[0, 10]]],
    [20, 10, [[0, 10], [10, 20]]],
    [37, 10, [[0, 10], [10, 20], [20, 30], [30, 37]]],
  ];
  for (const [size, chunk, ranges] of cases) {
    it(`${size} bytes in chunks of ${chunk}`, () => {
      assert.deepEqual(planChunks(size, chunk).map((c) => [c.start, c.end]), ranges);
    });
  }
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

describe('remedyFor', () => {
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
