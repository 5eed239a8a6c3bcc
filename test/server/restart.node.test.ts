// A restart while chunk requests are in flight, as a crash and a supervisor would do it: what a
// client saw confirmed survives, requests that arrive meanwhile wait for the reload, and uploads
// that go on afterwards end with exactly the source bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sha256, startTestServer, testBytes, type TestServer } from './node-test-kit.ts';

const CHUNK = 64 * 1024;
const CHUNKS = 24;
const TOKENS = 3;
const RESTARTS = 5;

let server: TestServer;
let ks: string;

before(async () => {
  server = await startTestServer();
  ks = await server.ks();
});
after(() => server.close());

/** One chunk, sent again until the server answers it with a token (a cut connection is retried). */
async function sendChunk(tokenId: string, data: Uint8Array<ArrayBuffer>, index: number, confirmed: { size: number }): Promise<any> {
  const start = index * CHUNK;
  const final = index === CHUNKS - 1;
  for (let attempt = 0; attempt < 50; attempt++) {
    const answer = await server
      .upload(ks, tokenId, data.slice(start, start + CHUNK), { resume: index > 0, resumeAt: start, finalChunk: final })
      .catch(() => undefined);
    if (answer?.objectType === 'KalturaUploadToken') {
      confirmed.size = Math.max(confirmed.size, answer.uploadedFileSize);
      return answer;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`chunk ${index} of ${tokenId} never got through`);
}

async function uploadAll(tokenId: string, data: Uint8Array<ArrayBuffer>, confirmed: { size: number }): Promise<any> {
  await sendChunk(tokenId, data, 0, confirmed);
  const middle = Array.from({ length: CHUNKS - 2 }, (_, i) => i + 1);
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let i = middle.shift(); i !== undefined; i = middle.shift()) await sendChunk(tokenId, data, i, confirmed);
  }));
  return sendChunk(tokenId, data, CHUNKS - 1, confirmed);
}

test('restarts in the middle of concurrent chunk uploads lose nothing a client saw confirmed', async () => {
  const uploads = await Promise.all(Array.from({ length: TOKENS }, async (_, i) => {
    const token = await server.call('uploadtoken', 'add', { ks, uploadToken: { fileName: `restart-${i}.mp4` } });
    return { id: token.id as string, data: testBytes(CHUNKS * CHUNK, i + 7), confirmed: { size: 0 } };
  }));
  let finished = false;
  const done = Promise.all(uploads.map((u) => uploadAll(u.id, u.data, u.confirmed))).finally(() => (finished = true));

  let restarts = 0;
  while (!finished && restarts < RESTARTS) {
    await new Promise((r) => setTimeout(r, 40));
    const seen = uploads.map((u) => u.confirmed.size);
    await server.api.restart();
    restarts++;
    for (const [i, u] of uploads.entries()) {
      const token = await server.call('uploadtoken', 'get', { ks, uploadTokenId: u.id });
      assert.equal(token.objectType, 'KalturaUploadToken', `token ${i} survived restart ${restarts}`);
      assert.ok((token.uploadedFileSize ?? 0) >= seen[i], `token ${i} keeps the ${seen[i]} bytes it confirmed before restart ${restarts}`);
    }
  }
  const finals = await done;
  assert.ok(restarts >= 2, `the uploads ran through ${restarts} restarts`);
  for (const [i, u] of uploads.entries()) {
    assert.equal(finals[i].status, 2, `token ${i} is FULL_UPLOAD`);
    const info = await server.api.tokenInfo(u.id);
    assert.equal(info?.sha256, sha256(u.data), `token ${i} holds exactly the source bytes`);
  }
});

test('a request that arrives during a restart waits for it and is answered from the reloaded state', async () => {
  const token = await server.call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'waiting.mp4' } });
  const restarting = server.api.restart();
  const answer = await server.call('uploadtoken', 'get', { ks, uploadTokenId: token.id });
  await restarting;
  assert.equal(answer.id, token.id);
});
