// The Kaltura wire layer on its own: URLs, bodies, answers and the request watchdog.
import { assert } from '@esm-bundle/chai';
import { UploadError } from '../../src/errors.js';
import { callKaltura, endpoint, parseAnswer, parseRetryAfter, uploadChunk, type CallContext } from '../../src/kaltura/client.js';
import { browserTransport } from '../../src/kaltura/transport.js';
import { addEntryWithContent, addUploadToken, deleteUploadToken, getUploadToken, mediaTypeOf } from '../../src/kaltura/upload-api.js';
import { FakeTransport, exception, mediaEntry, settle, token } from '../engine/fake-transport.js';
import { resetServer, setFaults, userKs } from '../helpers/kaltura-server.js';

function context(fake: FakeTransport, extra: Partial<CallContext> = {}): CallContext {
  return {
    serviceUrl: 'https://k.test', ks: 'secret-ks', clientTag: 'tag', signal: new AbortController().signal, transport: fake.transport,
    stallTimeout: 5000, answerTimeout: 5000, maxConnections: 6, ...extra,
  };
}

describe('endpoint', () => {
  const cases: [serviceUrl: string, service: string, action: string | undefined, url: string][] = [
    ['https://www.kaltura.com', 'uploadtoken', 'add', 'https://www.kaltura.com/api_v3/service/uploadtoken/action/add?format=1'],
    ['https://www.kaltura.com/', 'uploadtoken', 'upload', 'https://www.kaltura.com/api_v3/service/uploadtoken/action/upload?format=1'],
    ['https://www.kaltura.com/api_v3', 'media', 'add', 'https://www.kaltura.com/api_v3/service/media/action/add?format=1'],
    ['https://www.kaltura.com/api_v3/', 'multirequest', undefined, 'https://www.kaltura.com/api_v3/service/multirequest?format=1'],
    ['http://127.0.0.1:8480/kaltura', 'uploadtoken', 'get', 'http://127.0.0.1:8480/kaltura/api_v3/service/uploadtoken/action/get?format=1'],
  ];
  for (const [serviceUrl, service, action, url] of cases) {
    it(`${serviceUrl} + ${service}.${action ?? ''}`, () => assert.equal(endpoint(serviceUrl, service, action), url));
  }
});

describe('parseRetryAfter', () => {
  const now = Date.now();
  const cases: [value: string | null, ms: number | undefined][] = [
    [null, undefined], ['', undefined], ['0', 0], ['3', 3000], ['1.5', 1500], ['-4', 0], ['soon', undefined],
    [new Date(now - 60_000).toUTCString(), 0],
  ];
  for (const [value, ms] of cases) it(`${JSON.stringify(value)} → ${ms}`, () => assert.equal(parseRetryAfter(value), ms));
  it('an HTTP date in the future → the time until then', () => {
    const ms = parseRetryAfter(new Date(now + 120_000).toUTCString())!;
    assert.isAbove(ms, 100_000);
    assert.isAtMost(ms, 120_000);
  });
});

describe('parseAnswer', () => {
  const cases: [status: number, text: string, retryAfter: string | null, code: string | null, retryable: boolean][] = [
    [200, '{"id":"0_t","status":0,"objectType":"KalturaUploadToken"}', null, null, false],
    [200, 'null', null, null, false], // uploadToken.delete
    [200, JSON.stringify(exception('INVALID_KS')), null, 'INVALID_KS', false],
    [200, JSON.stringify(exception('UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE')), null, 'UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE', false],
    [200, '<html>captive portal</html>', null, 'BAD_RESPONSE', true],
    [200, '', null, 'BAD_RESPONSE', true], // Kaltura died without a body (X-Kaltura: error-N)
    // Kaltura's passing failures (protocol 14.5), answered as exceptions over HTTP 200.
    [200, JSON.stringify(exception('INTERNAL_SERVERL_ERROR')), null, 'INTERNAL_SERVERL_ERROR', true],
    [200, JSON.stringify(exception('INTERNAL_DATABASE_ERROR')), null, 'INTERNAL_DATABASE_ERROR', true],
    [200, JSON.stringify(exception('LOCK_TIMED_OUT')), null, 'LOCK_TIMED_OUT', true],
    [200, JSON.stringify(exception('ACTION_BLOCKED')), null, 'ACTION_BLOCKED', true],
    [200, JSON.stringify(exception('UPLOAD_ERROR')), null, 'UPLOAD_ERROR', false],
    [200, JSON.stringify(exception('USER_BLOCKED')), null, 'USER_BLOCKED', false],
    [500, '<html>Internal Server Error</html>', null, 'HTTP_ERROR', true],
    [502, '', null, 'HTTP_ERROR', true],
    [503, '', '2', 'HTTP_ERROR', true],
    [429, '', '1', 'HTTP_ERROR', true],
    [408, '', null, 'HTTP_ERROR', true],
    [403, '', null, 'HTTP_ERROR', false],
    [404, '', null, 'HTTP_ERROR', false],
  ];
  for (const [status, text, retryAfter, code, retryable] of cases) {
    it(`HTTP ${status} ${text.slice(0, 50)}`, () => {
      let error: UploadError | undefined;
      try {
        parseAnswer('uploadtoken.upload', status, text, retryAfter);
      } catch (e) {
        error = e as UploadError;
      }
      assert.equal(error?.code ?? null, code);
      if (!error) return;
      assert.equal(error.retryable, retryable);
      assert.equal(error.call, 'uploadtoken.upload');
      if (status !== 200) assert.equal(error.status, status);
      if (retryAfter) assert.equal(error.retryAfterMs, Number(retryAfter) * 1000);
    });
  }
  it('asks for a longer wait after ACTION_BLOCKED (Kaltura\'s rate limit counts over 10 s)', () => {
    const error = (() => { try { parseAnswer('x', 200, JSON.stringify(exception('ACTION_BLOCKED')), null); } catch (e) { return e as UploadError; } })();
    assert.equal(error?.retryAfterMs, 10_000);
    const other = (() => { try { parseAnswer('x', 200, JSON.stringify(exception('LOCK_TIMED_OUT')), null); } catch (e) { return e as UploadError; } })();
    assert.isUndefined(other?.retryAfterMs);
  });

  it('names the X-Kaltura header of an empty answer in the message', () => {
    const error = (() => { try { parseAnswer('media.addcontent', 200, '', null, 'error-24'); } catch (e) { return e as UploadError; } })();
    assert.equal(error?.code, 'BAD_RESPONSE');
    assert.include(error?.message, 'X-Kaltura: error-24');
  });

  it('turns an empty args array into no args, and keeps named args', () => {
    const none = (() => { try { parseAnswer('x', 200, JSON.stringify(exception('UPLOAD_TOKEN_NOT_FOUND')), null); } catch (e) { return e as UploadError; } })();
    assert.isUndefined(none?.args);
    const some = (() => { try { parseAnswer('x', 200, JSON.stringify(exception('INVALID_KS', { KSID: 'EXPIRED', ERR_CODE: '-1' })), null); } catch (e) { return e as UploadError; } })();
    assert.deepEqual(some?.args, { KSID: 'EXPIRED', ERR_CODE: '-1' });
  });
});

describe('Kaltura calls', () => {
  it('uploadToken.add always names the token and gives its size', async () => {
    const fake = new FakeTransport();
    const done = addUploadToken(context(fake), 'movie.mp4', 1234);
    const req = await fake.nextRequest();
    assert.equal(req.request.url, 'https://k.test/api_v3/service/uploadtoken/action/add?format=1');
    assert.deepEqual(req.params, {
      uploadToken: { objectType: 'KalturaUploadToken', fileName: 'movie.mp4', fileSize: 1234 },
      ks: 'secret-ks', format: 1, clientTag: 'tag',
    });
    req.respond(token('0_t', 0));
    assert.equal((await done).id, '0_t');
  });

  it('uploadToken.get and .delete name the token; partnerId goes along when given', async () => {
    const fake = new FakeTransport();
    const ctx = context(fake, { partnerId: 7 });
    const got = getUploadToken(ctx, '0_t');
    const get = await fake.nextRequest();
    assert.deepEqual([get.name, get.params.uploadTokenId, get.params.partnerId], ['uploadtoken.get', '0_t', 7]);
    get.respond(token('0_t', 1, 10));
    assert.equal((await got).uploadedFileSize, 10);
    const deleted = deleteUploadToken(ctx, '0_t');
    const del = await fake.nextRequest();
    assert.deepEqual([del.name, del.params.uploadTokenId], ['uploadtoken.delete', '0_t']);
    del.respond(null);
    assert.isNull(await deleted);
  });

  it('attach-first: media.add goes with the token as found (uploadToken.list) and media.addContent of the entry it made ({2:result:id}), in one request', async () => {
    const fake = new FakeTransport();
    const done = addEntryWithContent(context(fake), { name: 'A' }, '0_t', false);
    const req = await fake.nextRequest();
    assert.equal(req.request.url, 'https://k.test/api_v3/service/multirequest?format=1');
    assert.deepEqual(req.params['0'], { service: 'uploadToken', action: 'list', filter: { objectType: 'KalturaUploadTokenFilter', idEqual: '0_t' } });
    assert.deepEqual(req.params['1'], { service: 'media', action: 'add', entry: { objectType: 'KalturaMediaEntry', name: 'A' }, after: '{1:result:objects:0:id}' });
    assert.deepEqual(req.params['2'], {
      service: 'media', action: 'addContent', entryId: '{2:result:id}', resource: { objectType: 'KalturaUploadedFileTokenResource', token: '{1:result:objects:0:id}' },
    });
    req.respond([{ objects: [token('0_t', 0)] }, mediaEntry('0_b'), mediaEntry('0_b')]);
    const [before, added, content] = await done;
    assert.equal(before?.status, 0);
    assert.equal(added?.id, '0_b');
    assert.equal((content as { id: string }).id, '0_b');
  });

  it('a complete token: media.add and addContent run only while uploadToken.list finds it FULL_UPLOAD ({1:result:objects:0:id})', async () => {
    const fake = new FakeTransport();
    const done = addEntryWithContent(context(fake), { name: 'A' }, '0_t', true);
    const req = await fake.nextRequest();
    assert.deepEqual(req.params['0'], { service: 'uploadToken', action: 'list', filter: { objectType: 'KalturaUploadTokenFilter', idEqual: '0_t', statusEqual: 2 } });
    assert.deepEqual(req.params['1'], { service: 'media', action: 'add', entry: { objectType: 'KalturaMediaEntry', name: 'A' }, after: '{1:result:objects:0:id}' });
    assert.deepEqual(req.params['2'], {
      service: 'media', action: 'addContent', entryId: '{2:result:id}', resource: { objectType: 'KalturaUploadedFileTokenResource', token: '{1:result:objects:0:id}' },
    });
    req.respond([{ objects: [token('0_t', 2)], totalCount: 1 }, mediaEntry('0_b'), mediaEntry('0_b')]);
    const [before, added, content] = await done;
    assert.equal(before?.status, 2);
    assert.equal(added?.id, '0_b');
    assert.equal((content as { id: string }).id, '0_b');
    // A later run (the token CLOSED by an earlier one): nothing found, nothing made, no error.
    const later = addEntryWithContent(context(fake), { name: 'A' }, '0_t', true);
    (await fake.nextRequest()).respond([{ objects: [], totalCount: 0 }, exception('MISSING_MANDATORY_PARAMETER'), exception('MISSING_MANDATORY_PARAMETER')]);
    const [none, made] = await later;
    assert.isUndefined(none);
    assert.isUndefined(made);
  });

  it('media.add\'s error is the call\'s; a refused addContent comes back beside the entry it was for', async () => {
    const fake = new FakeTransport();
    const failed = addEntryWithContent(context(fake), { referenceId: '0_t' }, '0_t', false).then(() => null, (e: UploadError) => e);
    (await fake.nextRequest()).respond([{ objects: [token('0_t', 0)] }, exception('PROPERTY_VALIDATION_MIN_LENGTH'), exception('ENTRY_ID_NOT_FOUND')]);
    const error = await failed;
    assert.equal(error?.code, 'PROPERTY_VALIDATION_MIN_LENGTH');
    assert.equal(error?.call, 'media.add');
    const refused = addEntryWithContent(context(fake), {}, '0_t', true);
    (await fake.nextRequest()).respond([{ objects: [token('0_t', 2)] }, mediaEntry('0_e'), exception('UPLOAD_TOKEN_NOT_FOUND')]);
    const [, added, content] = await refused;
    assert.equal(added?.id, '0_e');
    assert.equal((content as unknown as UploadError).code, 'UPLOAD_TOKEN_NOT_FOUND');
  });

  it('uploadToken.upload is a multipart form: parameters, then fileData named after the file; progress counts chunk bytes only', async () => {
    const fake = new FakeTransport();
    const seen: number[] = [];
    const data = new Blob([new Uint8Array(100)]);
    const done = uploadChunk(context(fake), { uploadTokenId: '0_t', data, fileName: 'a.mov', resume: true, resumeAt: 300, finalChunk: false }, (n) => void seen.push(n));
    const req = await fake.nextRequest();
    assert.equal(req.request.url, 'https://k.test/api_v3/service/uploadtoken/action/upload?format=1');
    assert.deepEqual(req.params, { ks: 'secret-ks', format: '1', clientTag: 'tag', uploadTokenId: '0_t', resume: 'true', resumeAt: '300', finalChunk: 'false' });
    assert.equal(req.fieldOrder.at(-1), 'fileData');
    assert.equal(req.file?.name, 'a.mov');
    assert.equal(req.file?.size, 100);
    req.progress(50);
    req.progress(100);
    req.respond(token('0_t', 1, 400));
    await done;
    assert.isAtMost(Math.max(...seen), 100);
    assert.equal(seen.at(-1), 100);
  });

  it('a chunk goes to `uploadUrl` when given (the token\'s data centre), other calls to serviceUrl', async () => {
    const fake = new FakeTransport();
    const ctx = context(fake, { uploadUrl: 'https://ny-upload.k.test' });
    const done = uploadChunk(ctx, { uploadTokenId: '0_t', data: new Blob(['abc']), fileName: 'a', resume: false, resumeAt: 0, finalChunk: true }, () => {});
    const req = await fake.nextRequest();
    assert.equal(req.request.url, 'https://ny-upload.k.test/api_v3/service/uploadtoken/action/upload?format=1');
    req.respond(token('0_t', 2, 3));
    await done;
    const got = getUploadToken(ctx, '0_t');
    const get = await fake.nextRequest();
    assert.equal(get.request.url, 'https://k.test/api_v3/service/uploadtoken/action/get?format=1');
    get.respond(token('0_t', 2, 3));
    await got;
  });

  it('a stalled upload fails with TIMEOUT (retryable) and its request is aborted', async () => {
    const fake = new FakeTransport();
    const done = uploadChunk(context(fake, { stallTimeout: 30 }), { uploadTokenId: '0_t', data: new Blob(['abc']), fileName: 'a', resume: false, resumeAt: 0, finalChunk: true }, () => {})
      .then(() => null, (e) => e);
    const req = await fake.nextRequest();
    const error = await done;
    assert.equal(error.code, 'TIMEOUT');
    assert.isTrue(error.retryable);
    assert.isTrue(req.aborted);
  });

  it('a chunk sent in full but not answered within answerTimeout fails with TIMEOUT', async () => {
    const fake = new FakeTransport();
    const done = uploadChunk(context(fake, { stallTimeout: 5000, answerTimeout: 30 }), { uploadTokenId: '0_t', data: new Blob(['abc']), fileName: 'a', resume: false, resumeAt: 0, finalChunk: true }, () => {})
      .then(() => null, (e) => e);
    (await fake.nextRequest()).progress(3);
    const error = await done;
    assert.equal(error.code, 'TIMEOUT');
    assert.include(error.message, 'no answer');
  });

  it('a JSON call with no answer within stallTimeout fails with TIMEOUT', async () => {
    const fake = new FakeTransport();
    const done = callKaltura(context(fake, { stallTimeout: 30 }), 'uploadtoken', 'get', {}).then(() => null, (e) => e);
    await fake.nextRequest();
    assert.equal((await done).code, 'TIMEOUT');
  });

  it('an abort settles the call with the abort reason, even if the transport never answers', async () => {
    const fake = new FakeTransport();
    const abort = new AbortController();
    const done = callKaltura(context(fake, { signal: abort.signal }), 'uploadtoken', 'get', {}).then(() => null, (e) => e);
    await fake.nextRequest();
    abort.abort(new UploadError('CANCELLED', 'stop'));
    assert.equal((await done).code, 'CANCELLED');
  });

  it('a transport failure is a retryable NETWORK_ERROR', async () => {
    const fake = new FakeTransport();
    const done = callKaltura(context(fake), 'uploadtoken', 'add', {}).then(() => null, (e) => e);
    (await fake.nextRequest()).fail();
    const error = await done;
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.isTrue(error.retryable);
    await settle();
  });
});

describe('mediaTypeOf', () => {
  const cases: [string, number | undefined][] = [
    ['video/mp4', 1], ['video/quicktime', 1], ['image/jpeg', 2], ['audio/mpeg', 5], ['audio/wav', 5],
    ['application/octet-stream', undefined], ['text/plain', undefined], ['', undefined],
  ];
  for (const [mime, type] of cases) it(`${JSON.stringify(mime)} → ${type}`, () => assert.equal(mediaTypeOf(mime), type));
});

describe('browserTransport', () => {
  it('sends JSON with Content-Type exactly application/json, and the KS only in the body', async () => {
    // The local API, as Kaltura, reads a JSON body only under exactly `application/json`: a
    // charset or another type would lose the KS and the answer would be MISSING_KS.
    const ks = await userKs();
    const ctx: CallContext = { serviceUrl: location.origin, ks, clientTag: 't', signal: new AbortController().signal, transport: browserTransport, stallTimeout: 5000, answerTimeout: 5000, maxConnections: 6 };
    const created = await addUploadToken(ctx, 'a.mp4', 1);
    assert.equal(created.objectType, 'KalturaUploadToken');
    const urls = performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.includes('/api_v3/'));
    assert.isNotEmpty(urls);
    for (const url of urls) assert.notInclude(url, ks, 'no KS in any request URL');
  });

  it('sends a chunk through XMLHttpRequest to the local API and reads its answer', async () => {
    // A KS-less call: the local API answers with a Kaltura exception over HTTP 200 (no fault an
    // earlier file left on, e.g. an http503 rule on uploads).
    await resetServer();
    const ctx: CallContext = { serviceUrl: location.origin, ks: '', clientTag: 't', signal: new AbortController().signal, transport: browserTransport, stallTimeout: 5000, answerTimeout: 5000, maxConnections: 6 };
    const error = await uploadChunk(ctx, { uploadTokenId: '0_none', data: new Blob(['abc']), fileName: 'a.mp4', resume: false, resumeAt: 0, finalChunk: true }, () => {})
      .then(() => null, (e) => e);
    assert.instanceOf(error, UploadError);
    assert.notInclude(['NETWORK_ERROR', 'HTTP_ERROR', 'BAD_RESPONSE', 'TIMEOUT'], error.code, `a Kaltura answer, not a transport failure: ${error.message} ${error.status}`);
  });
});

describe('the connection budget', () => {
  // The budget is the page's: each test uses hosts of its own, so a request another test left
  // hanging cannot hold their slots.
  let n = 0;
  const budgetContext = (fake: FakeTransport, extra: Partial<CallContext>) => context(fake, { serviceUrl: `https://budget-${++n}.k.test`, ...extra });

  it('holds a request back while `maxConnections` are in flight to its host, its stall timer not running', async () => {
    const fake = new FakeTransport();
    const ctx = budgetContext(fake, { maxConnections: 2 });
    const calls = [1, 2, 3].map((i) =>
      callKaltura<{ id: string }>({ ...ctx, stallTimeout: i === 3 ? 40 : 5000 }, 'uploadtoken', 'get', { uploadTokenId: `0_${i}` }));
    const [a, b] = await fake.nextRequests(2);
    await settle(100); // longer than the third's stallTimeout: it would have timed out had it been sent
    assert.lengthOf(fake.waiting, 0, 'the third waits for a slot');
    a.respond(token('0_1', 0));
    const c = await fake.nextRequest();
    assert.equal(c.params.uploadTokenId, '0_3');
    b.respond(token('0_2', 0));
    c.respond(token('0_3', 0));
    assert.deepEqual((await Promise.all(calls)).map((t) => t.id), ['0_1', '0_2', '0_3']);
  });

  it('counts every request to a host, whichever upload sends it; other hosts have their own budget', async () => {
    const fake = new FakeTransport();
    const one = budgetContext(fake, { maxConnections: 1 });
    const other = budgetContext(fake, { maxConnections: 1 });
    const first = callKaltura(one, 'uploadtoken', 'get', {});
    const second = callKaltura({ ...one, ks: 'another-upload' }, 'uploadtoken', 'get', {});
    const elsewhere = callKaltura(other, 'uploadtoken', 'get', {});
    const sent = await fake.nextRequests(2);
    assert.sameMembers(sent.map((r) => new URL(r.request.url).host), [new URL(one.serviceUrl).host, new URL(other.serviceUrl).host]);
    await settle();
    assert.lengthOf(fake.waiting, 0);
    for (const r of sent) r.respond(token('0_t', 0));
    (await fake.nextRequest()).respond(token('0_t', 0));
    await Promise.all([first, second, elsewhere]);
  });

  it('a request aborted while it waits for a slot never goes out, and gives its turn up', async () => {
    const fake = new FakeTransport();
    const ctx = budgetContext(fake, { maxConnections: 1 });
    const abort = new AbortController();
    const busy = callKaltura(ctx, 'uploadtoken', 'get', {});
    const waiting = callKaltura({ ...ctx, signal: abort.signal }, 'uploadtoken', 'get', {}).then(() => null, (e) => e);
    const next = callKaltura(ctx, 'uploadtoken', 'get', { uploadTokenId: '0_next' });
    const held = await fake.nextRequest();
    abort.abort(new UploadError('PAUSED', 'Paused'));
    assert.equal((await waiting)?.code, 'PAUSED');
    held.respond(token('0_t', 0));
    const after = await fake.nextRequest();
    assert.equal(after.params.uploadTokenId, '0_next');
    after.respond(token('0_next', 0));
    await Promise.all([busy, next]);
    assert.lengthOf(fake.log, 2, 'the aborted call was never sent');
  });

  it('a request whose signal is already aborted does not wait for a slot at all', async () => {
    // Old main added its abort listener to an already-aborted signal: it waited for the next release.
    const fake = new FakeTransport();
    const ctx = budgetContext(fake, { maxConnections: 1 });
    const busy = callKaltura(ctx, 'uploadtoken', 'get', {});
    const held = await fake.nextRequest();
    const gone = new AbortController();
    gone.abort(new UploadError('PAUSED', 'Paused'));
    const outcome = await Promise.race([callKaltura({ ...ctx, signal: gone.signal }, 'uploadtoken', 'get', {}).then(() => 'sent', (e: UploadError) => e.code), settle(200).then(() => 'still waiting')]);
    assert.equal(outcome, 'PAUSED', 'rejected at once');
    held.respond(token('0_t', 0));
    await busy;
  });

  it('a freed slot goes to the first waiter only, in the order they came', async () => {
    const fake = new FakeTransport();
    const ctx = budgetContext(fake, { maxConnections: 1 });
    const calls = [1, 2, 3].map((i) => callKaltura(ctx, 'uploadtoken', 'get', { uploadTokenId: `0_${i}` }));
    for (const i of [1, 2, 3]) {
      const r = await fake.nextRequest();
      assert.equal(r.params.uploadTokenId, `0_${i}`);
      await settle();
      assert.lengthOf(fake.waiting, 0, 'one at a time');
      r.respond(token(`0_${i}`, 0));
    }
    await Promise.all(calls);
  });
});

describe('browserTransport and Kaltura\'s empty answers', () => {
  beforeEach(resetServer);

  it('reads the X-Kaltura header of an empty answer (exposed to CORS) into the error', async () => {
    await setFaults([{ kind: 'emptyBody', service: 'uploadToken', action: 'get', times: 1 }]);
    const ctx: CallContext = {
      serviceUrl: location.origin, ks: await userKs(), clientTag: 't', signal: new AbortController().signal, transport: browserTransport,
      stallTimeout: 5000, answerTimeout: 5000, maxConnections: 6,
    };
    const error = await getUploadToken(ctx, '0_x').then(() => null, (e) => e);
    assert.equal(error?.code, 'BAD_RESPONSE');
    assert.isTrue(error.retryable);
    assert.include(error.message, 'X-Kaltura: error-24');
  });
});
