// The local API as browser tests use it: mounted on the test page's origin, uploads with
// fetch + FormData, and the server commands of test/helpers/kaltura-server.ts.
import { assert } from '@esm-bundle/chai';
import {
  adminKs,
  entryInfo,
  partnerId,
  requestLog,
  resetServer,
  restartServer,
  setFaults,
  setServerOptions,
  sha256Hex,
  tokenInfo,
  userKs,
} from '../helpers/kaltura-server.js';

const api = (service: string, action: string) => `${location.origin}/api_v3/service/${service}/action/${action}`;

async function call(service: string, action: string, params: Record<string, unknown>): Promise<any> {
  const res = await fetch(api(service, action), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ format: 1, ...params }),
  });
  return res.json();
}

function upload(ks: string, uploadTokenId: string, chunk: Blob, fields: Record<string, string>): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ks, format: '1', uploadTokenId, ...fields })) form.append(k, v);
  form.append('fileData', chunk);
  return fetch(api('uploadtoken', 'upload'), { method: 'POST', body: form });
}

function randomBlob(size: number): Blob {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(size, i + 65536)));
  return new Blob([bytes]);
}

describe('local Kaltura API in web-test-runner', () => {
  beforeEach(resetServer);

  it('uploads in chunks with fetch + FormData; tokenInfo reports the merged bytes', async () => {
    const ks = await userKs({ userId: 'browser-user' });
    const file = randomBlob(3 * 1024 * 1024 + 17);
    const token = await call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'clip.mp4', fileSize: file.size } });
    assert.equal(token.status, 0);
    const size = 1024 * 1024;
    for (let offset = 0; offset < file.size; offset += size) {
      const final = offset + size >= file.size;
      const res = await upload(ks, token.id, file.slice(offset, offset + size), {
        resume: String(offset > 0),
        resumeAt: String(offset),
        finalChunk: String(final),
      });
      assert.equal((await res.json()).status, final ? 2 : 1);
    }
    const info = await tokenInfo(token.id);
    assert.equal(info?.status, 2);
    assert.equal(info?.size, file.size);
    assert.equal(info?.sha256, await sha256Hex(file));
  });

  it('sha256Hex matches crypto.subtle for a file larger than one slice', async () => {
    const file = randomBlob(9 * 1024 * 1024 + 5);
    const whole = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
    const expected = Array.from(whole, (b) => b.toString(16).padStart(2, '0')).join('');
    assert.equal(await sha256Hex(file), expected);
  });

  it('attach-first: media.addContent, then the final chunk returns CLOSED and the entry gets the bytes', async () => {
    await setServerOptions({ conversionMs: 0 });
    const ks = await userKs();
    const file = randomBlob(200_000);
    const entry = await call('media', 'add', { ks, entry: { objectType: 'KalturaMediaEntry', name: 'Browser clip', mediaType: 1 } });
    assert.equal(entry.status, 7);
    const token = await call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'clip.mp4' } });
    const attached = await call('media', 'addContent', {
      ks,
      entryId: entry.id,
      resource: { objectType: 'KalturaUploadedFileTokenResource', token: token.id },
    });
    assert.equal(attached.status, 0);
    const res = await upload(ks, token.id, file, { resume: 'false', finalChunk: 'true', resumeAt: '0' });
    assert.equal((await res.json()).status, 3);
    const info = await entryInfo(entry.id);
    assert.equal(info?.sha256, await sha256Hex(file));
    assert.equal(info?.status, 2);
    assert.equal(info?.uploadTokenId, token.id);
  });

  it('faults: an http503 answers HTML with Retry-After, and the request log records it without the KS', async () => {
    const ks = await userKs();
    const token = await call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'x.mp4' } });
    await setFaults([{ kind: 'http503', action: 'upload', times: 1, retryAfter: 2 }]);
    const failed = await upload(ks, token.id, randomBlob(1000), { resume: 'false', finalChunk: 'true' });
    assert.equal(failed.status, 503);
    assert.equal(failed.headers.get('Retry-After'), '2');
    assert.match(await failed.text(), /<html>/);
    const retried = await upload(ks, token.id, randomBlob(1000), { resume: 'false', finalChunk: 'true' });
    assert.equal((await retried.json()).status, 2);
    const uploads = (await requestLog()).filter((r) => r.action === 'upload');
    assert.deepEqual(uploads.map((r) => r.outcome), ['fault:http503', 'ok']);
    assert.deepEqual([uploads[1]!.bytes, uploads[1]!.finalChunk, uploads[1]!.uploadTokenId], [1000, true, token.id]);
    assert.notInclude(JSON.stringify(await requestLog()), ks);
  });

  it('a drop fault cuts the connection: fetch rejects', async () => {
    const ks = await userKs();
    const token = await call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'x.mp4' } });
    await setFaults([{ kind: 'drop', action: 'upload' }]);
    let rejected = false;
    await upload(ks, token.id, randomBlob(2 * 1024 * 1024), { resume: 'false', finalChunk: 'true' }).catch(() => (rejected = true));
    assert.isTrue(rejected);
    assert.equal((await tokenInfo(token.id))?.status, 0);
  });

  it('restartServer keeps tokens; adminKs and partnerId come from the server', async () => {
    const ks = await userKs();
    const token = await call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'kept.mp4' } });
    await restartServer();
    const admin = await adminKs();
    assert.equal((await call('uploadtoken', 'get', { ks: admin, uploadTokenId: token.id })).fileName, 'kept.mp4');
    assert.equal(await partnerId(), token.partnerId);
    assert.isNull(await tokenInfo('0_00000000000000000000000000000000'));
  });
});
