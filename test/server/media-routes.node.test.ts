// The media URLs beside /api_v3, as kaltura.com serves them: entries carry `thumbnailUrl` and
// `dataUrl` (playManifest) built on the address the call came to; the thumbnail route serves the
// default thumbnail (or an image entry's image, or a placeholder); playManifest serves the
// uploaded bytes with byte ranges once the entry is READY. Also the simulated conversion:
// PRECONVERT, then READY after `conversionMs`, or ERROR_CONVERTING with a `failConversion` fault.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256, startTestServer, testBytes, type TestServer } from './node-test-kit.ts';

let server: TestServer;
let ks: string;

before(async () => {
  server = await startTestServer({ conversionMs: 0 });
  ks = await server.ks({ userId: 'alice' });
});
after(() => server.close());

/** An entry holding `data` (uploaded in one chunk as `fileName`), as media.addContent answered. */
async function entryWith(data: Uint8Array<ArrayBuffer>, fileName: string, mediaType = 1) {
  const token = await server.call('uploadtoken', 'add', { ks, uploadToken: { fileName, fileSize: data.length } });
  await server.upload(ks, token.id, data, { resume: false, finalChunk: true, resumeAt: 0, fileName });
  const entry = await server.call('media', 'add', { ks, entry: { objectType: 'KalturaMediaEntry', name: fileName, mediaType } });
  return server.call('media', 'addContent', { ks, entryId: entry.id, resource: { objectType: 'KalturaUploadedFileTokenResource', token: token.id } });
}

const waitForStatus = async (entryId: string, status: number) => {
  for (let i = 0; i < 200; i++) {
    const entry = await server.call('media', 'get', { ks, entryId });
    if (entry.status === status) return entry;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`entry ${entryId} never reached status ${status}`);
};

describe('media URLs on entries', () => {
  test('thumbnailUrl and dataUrl as kaltura.com writes them, on the origin the call came to', async () => {
    const entry = await entryWith(testBytes(1000, 1), 'clip.mp4');
    const pid = entry.partnerId;
    assert.equal(entry.thumbnailUrl, `${server.url}/p/${pid}/sp/${pid}00/thumbnail/entry_id/${entry.id}/version/0`);
    assert.equal(entry.dataUrl, `${server.url}/p/${pid}/sp/${pid}00/playManifest/entryId/${entry.id}/format/url/protocol/http`);
    const viaLocalhost = await (await fetch(`http://localhost:${server.port}/api_v3/service/media/action/get`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ks, format: 1, entryId: entry.id }),
    })).json();
    assert.ok(viaLocalhost.thumbnailUrl.startsWith(`http://localhost:${server.port}/p/`), viaLocalhost.thumbnailUrl);
  });
});

describe('simulated conversion', () => {
  test('PRECONVERT for conversionMs, then READY', async () => {
    server.api.setOptions({ conversionMs: 400 });
    try {
      const entry = await entryWith(testBytes(500, 2), 'slow.mp4');
      assert.equal(entry.status, 1);
      assert.equal((await server.call('media', 'get', { ks, entryId: entry.id })).status, 1);
      await waitForStatus(entry.id, 2);
    } finally {
      server.api.setOptions({ conversionMs: 0 });
    }
  });

  test('a failConversion fault: the next conversion ends in -1 ERROR_CONVERTING, the one after is READY', async () => {
    server.api.faults.set([{ kind: 'failConversion', times: 1 }]);
    try {
      const failing = await entryWith(testBytes(500, 3), 'broken.mp4');
      assert.equal(failing.status, 1, 'it starts converting as usual');
      await waitForStatus(failing.id, -1);
      const fine = await entryWith(testBytes(500, 4), 'fine.mp4');
      await waitForStatus(fine.id, 2);
    } finally {
      server.api.faults.clear();
    }
    assert.throws(() => server.api.faults.set([{ kind: 'failConversion', action: 'addContent' }]), /matches conversions, not calls/);
  });
});

describe('playManifest (format/url)', () => {
  test('answers with the uploaded bytes, with Accept-Ranges and the type from the file name', async () => {
    const data = testBytes(300_001, 5);
    const entry = await waitForStatus((await entryWith(data, 'movie.webm')).id, 2);
    const res = await fetch(entry.dataUrl);
    assert.equal(res.status, 200);
    assert.deepEqual([res.headers.get('content-type'), res.headers.get('accept-ranges'), res.headers.get('content-length')], ['video/webm', 'bytes', '300001']);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(sha256(new Uint8Array(await res.arrayBuffer())), sha256(data));
    // With a file name on the end (as players ask) and without the /sp/ part.
    const plain = await fetch(`${server.url}/p/${entry.partnerId}/playManifest/entryId/${entry.id}/format/url/protocol/http/a.webm`);
    assert.equal(sha256(new Uint8Array(await plain.arrayBuffer())), sha256(data));
    const head = await fetch(entry.dataUrl, { method: 'HEAD' });
    assert.deepEqual([head.status, head.headers.get('content-length'), (await head.arrayBuffer()).byteLength], [200, '300001', 0]);
  });

  test('Range: 206 with Content-Range for a-b, a- and -n; 416 past the end; several ranges get the whole file', async () => {
    const data = testBytes(10_000, 6);
    const entry = await waitForStatus((await entryWith(data, 'ranged.mp4')).id, 2);
    const get = (range: string) => fetch(entry.dataUrl, { headers: { Range: range } });
    const cases: [string, number, number][] = [['bytes=100-199', 100, 199], ['bytes=9000-', 9000, 9999], ['bytes=-500', 9500, 9999], ['bytes=9990-20000', 9990, 9999]];
    for (const [range, start, end] of cases) {
      const res = await get(range);
      assert.equal(res.status, 206, range);
      assert.equal(res.headers.get('content-range'), `bytes ${start}-${end}/10000`, range);
      assert.equal(res.headers.get('content-length'), String(end - start + 1), range);
      assert.equal(sha256(new Uint8Array(await res.arrayBuffer())), sha256(data.subarray(start, end + 1)), range);
    }
    const past = await get('bytes=10000-');
    assert.deepEqual([past.status, past.headers.get('content-range')], [416, 'bytes */10000']);
    await past.arrayBuffer();
    const several = await get('bytes=0-1,5-6');
    assert.equal(several.status, 200);
    assert.equal((await several.arrayBuffer()).byteLength, 10_000);
  });

  test('not READY, unknown, another partner, deleted or an unsupported format: no bytes', async () => {
    server.api.setOptions({ conversionMs: 60_000 });
    let converting;
    try {
      converting = await entryWith(testBytes(100, 7), 'converting.mp4');
    } finally {
      server.api.setOptions({ conversionMs: 0 });
    }
    assert.equal((await fetch(converting.dataUrl)).status, 404, 'still PRECONVERT');
    const ready = await waitForStatus((await entryWith(testBytes(100, 8), 'ready.mp4')).id, 2);
    const pid = ready.partnerId;
    assert.equal((await fetch(`${server.url}/p/${pid}/sp/${pid}00/playManifest/entryId/0_unknown1/format/url/protocol/http`)).status, 404);
    assert.equal((await fetch(ready.dataUrl.replace(`/p/${pid}/sp/${pid}00/`, '/p/999/sp/99900/'))).status, 404);
    assert.equal((await fetch(ready.dataUrl.replace('/format/url/', '/format/applehttp/'))).status, 400);
    await server.call('media', 'delete', { ks, entryId: ready.id });
    assert.equal((await fetch(ready.dataUrl)).status, 404);
    assert.equal((await fetch(ready.thumbnailUrl)).status, 404);
  });
});

describe('thumbnail', () => {
  test('a video without a thumbnail gets a PNG placeholder sized by /width and /height (120×90 by default)', async () => {
    const entry = await entryWith(testBytes(100, 9), 'nothumb.mp4');
    const size = async (url: string) => {
      const res = await fetch(url);
      assert.equal(res.headers.get('content-type'), 'image/png');
      const png = Buffer.from(await res.arrayBuffer());
      return [png.readUInt32BE(16), png.readUInt32BE(20)];
    };
    assert.deepEqual(await size(entry.thumbnailUrl), [120, 90]);
    assert.deepEqual(await size(`${entry.thumbnailUrl}/width/200`), [200, 150]);
    assert.deepEqual(await size(`${server.url}/p/${entry.partnerId}/thumbnail/entry_id/${entry.id}/width/64/height/36`), [64, 36]);
  });

  test('an image entry’s thumbnail is its image', async () => {
    const data = testBytes(2000, 10);
    const entry = await entryWith(data, 'photo.jpg', 2);
    const res = await fetch(`${entry.thumbnailUrl}/width/100`);
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    assert.equal(sha256(new Uint8Array(await res.arrayBuffer())), sha256(data));
  });

  test('the npm run api server serves the media URLs too; anything else under /p is 404', async () => {
    assert.equal((await fetch(`${server.url}/p/100/elsewhere/entry_id/x`)).status, 404);
    const preflight = await fetch(`${server.url}/p/100/playManifest/entryId/x`, { method: 'OPTIONS' });
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'Range');
    assert.equal((await fetch(`${server.url}/p/100/playManifest/entryId/x`, { method: 'POST' })).status, 405);
  });
});
