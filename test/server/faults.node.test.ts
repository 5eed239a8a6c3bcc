// Fault injection and the request log: each fault kind does what a client would meet in the wild.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startTestServer, testBytes, type TestServer } from './node-test-kit.ts';

let server: TestServer;
let ks: string;

before(async () => {
  server = await startTestServer({ finalChunkWaitMs: 2000 });
  ks = await server.ks({ userId: 'alice' });
});
after(() => server.close());
beforeEach(() => {
  server.api.faults.clear();
  server.api.requests.clear();
});

const newToken = async () => (await server.call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'f.mp4' } })).id as string;

/** A multipart upload sent with node:http, so a destroyed socket shows up as an error here. */
function rawUpload(tokenId: string, size: number, fields: Record<string, string>, signal?: AbortSignal): Promise<{ status: number; body: string }> {
  const boundary = 'RaWbOuNdArY';
  const head = Object.entries({ ks, format: '1', uploadTokenId: tokenId, ...fields })
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="fileData"; filename="f.mp4"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const data = testBytes(size);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}/api_v3/service/uploadtoken/action/upload`,
      { method: 'POST', headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` }, signal },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.write(head + fileHead);
    // Body written in pieces, as a slow client would.
    let offset = 0;
    const pump = () => {
      while (offset < data.length) {
        const piece = data.subarray(offset, offset + 65536);
        offset += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    pump();
  });
}

describe('faults', () => {
  test('off by default, and /api_v3 has no way to switch them on', async () => {
    assert.deepEqual(server.api.faults.list(), []);
    const attempt = await server.call('faults', 'set', { ks, rules: [{ kind: 'drop' }] });
    assert.equal(attempt.code, 'SERVICE_DOES_NOT_EXISTS');
    assert.deepEqual(server.api.faults.list(), []);
  });

  test('malformed rules are refused', () => {
    assert.throws(() => server.api.faults.set([{ kind: 'explode' } as never]), /unknown fault kind/);
    assert.throws(() => server.api.faults.set([{ kind: 'latency', ms: -1 }]), /ms/);
    assert.throws(() => server.api.faults.set([{ kind: 'bandwidth' }]), /bytesPerSecond/);
  });

  test('drop: the connection dies mid-body, nothing is stored, the log says fault:drop', async () => {
    const tokenId = await newToken();
    server.api.faults.set([{ kind: 'drop', action: 'upload', times: 1 }]);
    await assert.rejects(rawUpload(tokenId, 4 * 1024 * 1024, { resume: 'false', finalChunk: 'true' }));
    assert.equal((await server.api.tokenInfo(tokenId))?.status, 0);
    const ok = await rawUpload(tokenId, 1000, { resume: 'false', finalChunk: 'true' });
    assert.equal(JSON.parse(ok.body).status, 2, 'times: 1 fires once');
    assert.deepEqual(server.api.requests.list().filter((r) => r.action === 'upload').map((r) => r.outcome), ['fault:drop', 'ok']);
  });

  test('http500 / http503 / http429: HTML body with that status, the call does not run', async () => {
    const tokenId = await newToken();
    for (const [kind, status] of [['http500', 500], ['http503', 503], ['http429', 429]] as const) {
      server.api.faults.set([{ kind, service: 'uploadToken', action: 'upload', retryAfter: 3 }]);
      const res = await rawUpload(tokenId, 100, { resume: 'false', finalChunk: 'true' });
      assert.equal(res.status, status);
      assert.match(res.body, /^<html>/);
    }
    assert.equal((await server.api.tokenInfo(tokenId))?.status, 0);
    const res = await fetch(`${server.url}/api_v3/service/uploadtoken/action/get?format=1&ks=${ks}&uploadTokenId=${tokenId}`);
    assert.equal(res.status, 200, 'other actions are not matched');
  });

  test('finalChunk in a rule matches only final (or only non-final) chunks', async () => {
    const tokenId = await newToken();
    server.api.faults.set([{ kind: 'http503', finalChunk: true }]);
    assert.equal((await rawUpload(tokenId, 10, { resume: 'false', finalChunk: 'false', resumeAt: '0' })).status, 200);
    assert.equal((await rawUpload(tokenId, 10, { resume: 'true', finalChunk: 'true', resumeAt: '10' })).status, 503);
    const log = server.api.requests.list().filter((r) => r.action === 'upload');
    assert.deepEqual(log.map((r) => [r.finalChunk, r.resume, r.resumeAt, r.bytes, r.outcome]), [
      [false, false, 0, 10, 'ok'],
      [true, true, 10, 10, 'fault:http503'],
    ]);
  });

  test('probability 0 never fires; times counts firings', async () => {
    server.api.faults.set([{ kind: 'http503', action: 'get', probability: 0 }]);
    const tokenId = await newToken();
    for (let i = 0; i < 5; i++) assert.equal((await server.call('uploadtoken', 'get', { ks, uploadTokenId: tokenId })).id, tokenId);
    server.api.faults.set([{ kind: 'http503', action: 'get', times: 2 }]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.url}/api_v3/service/uploadtoken/action/get?format=1&ks=${ks}&uploadTokenId=${tokenId}`)).status);
    assert.deepEqual(statuses, [503, 503, 200]);
  });

  test('stall with ms: the request waits, then completes', async () => {
    const tokenId = await newToken();
    server.api.faults.set([{ kind: 'stall', action: 'upload', ms: 300 }]);
    const started = Date.now();
    const res = await rawUpload(tokenId, 1000, { resume: 'false', finalChunk: 'true' });
    assert.equal(JSON.parse(res.body).status, 2);
    assert.ok(Date.now() - started >= 280);
    assert.deepEqual(server.api.requests.list().find((r) => r.action === 'upload')?.faults, ['stall']);
  });

  test('stall without ms: nothing happens until the client gives up', async () => {
    const tokenId = await newToken();
    server.api.faults.set([{ kind: 'stall', action: 'upload' }]);
    const controller = new AbortController();
    const pending = rawUpload(tokenId, 2 * 1024 * 1024, { resume: 'false', finalChunk: 'true' }, controller.signal);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await server.api.tokenInfo(tokenId))?.status, 0);
    controller.abort();
    await assert.rejects(pending);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(server.api.requests.list().find((r) => r.action === 'upload')?.outcome, 'fault:stall');
  });

  test('latency delays every matching response', async () => {
    server.api.faults.set([{ kind: 'latency', ms: 150 }]);
    const started = Date.now();
    await server.call('uploadtoken', 'list', { ks });
    assert.ok(Date.now() - started >= 140);
    assert.deepEqual(server.api.requests.list()[0]?.faults, ['latency']);
  });

  test('slowMerge delays the final chunk only', async () => {
    const tokenId = await newToken();
    server.api.faults.set([{ kind: 'slowMerge', ms: 300 }]);
    await rawUpload(tokenId, 10, { resume: 'false', finalChunk: 'false', resumeAt: '0' });
    const started = Date.now();
    const res = await rawUpload(tokenId, 10, { resume: 'true', finalChunk: 'true', resumeAt: '10' });
    assert.equal(JSON.parse(res.body).status, 2);
    assert.ok(Date.now() - started >= 280);
    assert.deepEqual(server.api.requests.list().filter((r) => r.action === 'upload').map((r) => r.faults), [undefined, ['slowMerge']]);
  });

  test('bandwidth limits how fast a request’s file part is read', async () => {
    const tokenId = await newToken();
    server.api.faults.set([{ kind: 'bandwidth', action: 'upload', bytesPerSecond: 512 * 1024 }]);
    const started = Date.now();
    const res = await rawUpload(tokenId, 256 * 1024, { resume: 'false', finalChunk: 'true' });
    assert.equal(JSON.parse(res.body).status, 2);
    assert.ok(Date.now() - started >= 400, 'half a second for 256 KiB at 512 KiB/s');
    assert.deepEqual(server.api.requests.list().find((r) => r.action === 'upload')?.faults, ['bandwidth']);
  });

  test('bandwidth with shared: all matching requests cross one link of that rate', async () => {
    const [a, b] = [await newToken(), await newToken()];
    server.api.faults.set([{ kind: 'bandwidth', action: 'upload', bytesPerSecond: 1024 * 1024, shared: true }]);
    const started = Date.now();
    const answers = await Promise.all([a, b].map((t) => rawUpload(t, 256 * 1024, { resume: 'false', finalChunk: 'true' })));
    assert.deepEqual(answers.map((r) => JSON.parse(r.body).status), [2, 2]);
    // Each alone would take 250 ms; together, 512 KiB over one 1 MiB/s link take 500 ms.
    assert.ok(Date.now() - started >= 450, `${Date.now() - started} ms`);
  });

  test('drop with afterBytes cuts the connection once that much of the file part arrived', async () => {
    const tokenId = await newToken();
    await rawUpload(tokenId, 1000, { resume: 'false', finalChunk: 'false', resumeAt: '0' });
    server.api.faults.set([{ kind: 'drop', action: 'upload', afterBytes: 1024 * 1024, times: 1 }]);
    await assert.rejects(rawUpload(tokenId, 4 * 1024 * 1024, { resume: 'true', finalChunk: 'true', resumeAt: '1000' }));
    const info = await server.api.tokenInfo(tokenId);
    assert.deepEqual([info?.status, info?.uploadedFileSize], [1, 1000], 'nothing of the cut request was kept');
    assert.equal(server.api.requests.list().filter((r) => r.action === 'upload')[1]?.outcome, 'fault:drop');
    const again = await rawUpload(tokenId, 4 * 1024 * 1024, { resume: 'true', finalChunk: 'true', resumeAt: '1000' });
    assert.equal(JSON.parse(again.body).status, 2, 'the rule fired once');
  });

  test('a rule with resume matches only uploads that (re)start the file, or only those that continue it', async () => {
    const tokenId = await newToken();
    server.api.faults.set([{ kind: 'http503', action: 'upload', resume: false }]);
    assert.equal((await rawUpload(tokenId, 10, { resume: 'false', finalChunk: 'false' })).status, 503);
    server.api.faults.set([{ kind: 'http503', action: 'upload', resume: true }]);
    assert.equal(JSON.parse((await rawUpload(tokenId, 10, { resume: 'false', finalChunk: 'false' })).body).status, 1);
    assert.equal((await rawUpload(tokenId, 10, { resume: 'true', finalChunk: 'true', resumeAt: '10' })).status, 503);
  });

  test('expireKs: KSes issued before the rule are expired; newer ones work', async () => {
    const old = ks;
    server.api.faults.set([{ kind: 'expireKs' }]);
    const error = await server.call('uploadtoken', 'list', { ks: old });
    assert.deepEqual([error.code, error.args.KSID], ['INVALID_KS', 'EXPIRED']);
    const fresh = await server.ks({ userId: 'alice' });
    assert.equal((await server.call('uploadtoken', 'list', { ks: fresh })).objectType, 'KalturaUploadTokenListResponse');
  });

  test('expireKs with times: the next N calls fail whatever the KS', async () => {
    server.api.faults.set([{ kind: 'expireKs', action: 'list', times: 1 }]);
    const fresh = await server.ks({ userId: 'alice' });
    assert.equal((await server.call('uploadtoken', 'list', { ks: fresh })).code, 'INVALID_KS');
    assert.equal((await server.call('uploadtoken', 'list', { ks: fresh })).objectType, 'KalturaUploadTokenListResponse');
  });
  test('loseAnswer: the call runs, then the connection closes without an answer', async () => {
    const tokenId = await newToken();
    server.api.faults.set([{ kind: 'loseAnswer', action: 'upload', times: 1 }]);
    await assert.rejects(rawUpload(tokenId, 1000, { resume: 'false', finalChunk: 'true' }));
    assert.equal((await server.api.tokenInfo(tokenId))?.status, 2, 'the chunk was stored: the token is whole');
    const again = await rawUpload(tokenId, 1000, { resume: 'false', finalChunk: 'true' });
    assert.equal(JSON.parse(again.body).code, 'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD', 'sending it again meets a whole token');
    assert.deepEqual(server.api.requests.list().filter((r) => r.action === 'upload').map((r) => r.faults), [['loseAnswer'], undefined]);
  });
});

describe('faults on calls (also inside a multirequest)', () => {
  const tokenCount = () => server.api.store.tokens.size;

  test('exception: a KalturaAPIException instead of the call, which does not run', async () => {
    const before = tokenCount();
    server.api.faults.set([{ kind: 'exception', service: 'uploadToken', action: 'add', times: 1 }]);
    const failed = await server.call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'f.mp4' } });
    assert.deepEqual(failed, { code: 'INTERNAL_SERVERL_ERROR', message: 'Internal server error occurred', objectType: 'KalturaAPIException', args: [] });
    assert.equal(tokenCount(), before, 'no token was made');
    server.api.faults.set([{ kind: 'exception', code: 'ACTION_BLOCKED', times: 1 }]);
    const blocked = await server.call('uploadtoken', 'list', { ks });
    assert.deepEqual([blocked.code, blocked.args], ['ACTION_BLOCKED', { ACTION_NAME: 'list', SERVICE_NAME: 'uploadtoken' }]);
    assert.equal(server.api.requests.list().at(-1)?.outcome, 'fault:exception');
    assert.throws(() => server.api.faults.set([{ kind: 'exception', code: 'NO_SUCH_CODE' }]), /unknown code/);
  });

  test('exception inside a multirequest replaces that call\'s result; the others run', async () => {
    server.api.faults.set([{ kind: 'exception', code: 'LOCK_TIMED_OUT', service: 'media', action: 'add', times: 1 }]);
    const [added, token] = await server.call('multirequest', 'null', {
      ks, 0: { service: 'media', action: 'add', entry: { objectType: 'KalturaMediaEntry', name: 'x' } },
      1: { service: 'uploadtoken', action: 'add', uploadToken: { fileName: 'f.mp4' } },
    });
    assert.equal(added.code, 'LOCK_TIMED_OUT');
    assert.equal(token.objectType, 'KalturaUploadToken');
    assert.deepEqual(server.api.requests.list().map((r) => `${r.service}.${r.action}:${r.item ?? '-'}:${r.outcome}`), [
      'multirequest.:-:ok', 'media.add:1:fault:exception', 'uploadtoken.add:2:ok',
    ]);
  });

  test('emptyBody: HTTP 200, no body, X-Kaltura: error-24 (readable cross-origin); in a multirequest the calls before it ran', async () => {
    server.api.faults.set([{ kind: 'emptyBody', service: 'media', action: 'list', times: 1 }]);
    const res = await fetch(`${server.url}/api_v3/service/multirequest`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ks, format: 1, 0: { service: 'media', action: 'add', entry: { objectType: 'KalturaMediaEntry', name: 'died' } }, 1: { service: 'media', action: 'list' } }),
    });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
    assert.equal(res.headers.get('x-kaltura'), 'error-24');
    assert.match(res.headers.get('x-kaltura-app') ?? '', /^exiting on error 24/);
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /X-Kaltura/);
    const entryId = server.api.requests.list().find((r) => r.action === 'add')?.entryId;
    assert.ok(entryId && server.api.store.entries.get(entryId), 'media.add ran before Kaltura died');
    assert.deepEqual(server.api.requests.list().map((r) => r.outcome), ['fault:emptyBody', 'ok', 'fault:emptyBody']);
  });

  test('loseAnswer on a call inside a multirequest: it runs, then no answer at all', async () => {
    server.api.faults.set([{ kind: 'loseAnswer', service: 'media', action: 'add', times: 1 }]);
    await assert.rejects(server.call('multirequest', 'null', { ks, 0: { service: 'media', action: 'add', entry: { objectType: 'KalturaMediaEntry', name: 'lost' } } }));
    const add = server.api.requests.list().find((r) => r.action === 'add');
    assert.deepEqual([add?.outcome, add?.faults], ['ok', ['loseAnswer']]);
    assert.ok(server.api.store.entries.get(add!.entryId!), 'the entry was made');
  });

  test('the request log counts requests in flight at once', async () => {
    server.api.faults.set([{ kind: 'latency', service: 'uploadToken', action: 'list', ms: 300 }]);
    assert.deepEqual(server.api.requests.concurrency(), { inFlight: 0, max: 0 });
    await Promise.all([1, 2, 3].map(() => server.call('uploadtoken', 'list', { ks })));
    assert.deepEqual(server.api.requests.concurrency(), { inFlight: 0, max: 3 });
    server.api.requests.clear();
    assert.equal(server.api.requests.concurrency().max, 0, 'a reset starts the count again');
  });
});

describe('request log', () => {
  test('records service, action, time and outcome, never the KS', async () => {
    const before = Date.now();
    await server.call('uploadtoken', 'get', { ks, uploadTokenId: 'nope' });
    await server.call('session', 'start', { secret: 'local-dev-admin-secret', partnerId: 100 });
    const log = server.api.requests.list();
    assert.deepEqual(log.map((r) => [r.service, r.action, r.outcome]), [
      ['uploadtoken', 'get', 'UPLOAD_TOKEN_NOT_FOUND'],
      ['session', 'start', 'ok'],
    ]);
    assert.ok(log.every((r) => r.at >= before));
    assert.equal(JSON.stringify(log).includes(ks.slice(0, 20)), false);
    assert.equal(JSON.stringify(log).includes('local-dev-admin-secret'), false);
  });

  test('a multirequest logs itself and each item', async () => {
    await server.call('multirequest', 'null', { ks, 0: { service: 'media', action: 'list' }, 1: { service: 'uploadtoken', action: 'list' } });
    assert.deepEqual(server.api.requests.list().map((r) => `${r.service}.${r.action}:${r.outcome}`), ['multirequest.:ok', 'media.list:ok', 'uploadtoken.list:ok']);
  });

  test('a client that goes away mid-body is logged as aborted', async () => {
    const tokenId = await newToken();
    server.api.requests.clear();
    const controller = new AbortController();
    const pending = rawUpload(tokenId, 64 * 1024 * 1024, { resume: 'false', finalChunk: 'true' }, controller.signal);
    for (let i = 0; i < 100 && !server.api.requests.list().length; i++) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await assert.rejects(pending);
    for (let i = 0; i < 100 && server.api.requests.list()[0]?.outcome === 'pending'; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(server.api.requests.list()[0]?.outcome, 'aborted');
    assert.equal((await server.api.tokenInfo(tokenId))?.status, 0);
  });
});
