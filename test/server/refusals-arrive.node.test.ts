// A refused body reaches the client as its Kaltura error every time: a 300 MB JSON body (over the
// JSON limit: answered from the URL alone, MISSING_KS) and a 20,000-call multirequest
// (MULTIREQUEST_TOO_LARGE), each sent 10 times with Node's fetch while the body is still going
// out. An early answer followed by a reset would read as a bare "fetch failed" instead.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from './node-test-kit.ts';

let server: TestServer;
const originalWarn = console.warn;

before(async () => {
  server = await startTestServer();
  console.warn = () => {};
});
after(async () => {
  console.warn = originalWarn;
  await server.close();
});

const MiB = 1024 * 1024;

/** A JSON body of `total` bytes, streamed in 1 MiB pieces (a Blob would be read at once, faster than the server answers). */
function bigJson(total: number): ReadableStream<Uint8Array> {
  const head = new TextEncoder().encode('{"format":1,"filler":"');
  const piece = new Uint8Array(MiB).fill(0x61);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === 0) {
        controller.enqueue(head);
        sent = head.length;
        return;
      }
      const n = Math.min(MiB, total - 2 - sent);
      if (n <= 0) {
        controller.enqueue(new TextEncoder().encode('"}'));
        return controller.close();
      }
      sent += n;
      controller.enqueue(n === MiB ? piece : piece.subarray(0, n));
    },
  });
}

test('a 300 MB JSON body gets its JSON error, 10 times out of 10', { timeout: 300_000 }, async () => {
  for (let i = 0; i < 10; i++) {
    const res = await fetch(`${server.url}/api_v3/service/uploadtoken/action/list?format=1`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(300 * MiB) },
      body: bigJson(300 * MiB), duplex: 'half',
    } as RequestInit);
    const body = (await res.json()) as { code?: string };
    assert.equal(body.code, 'MISSING_KS', `run ${i + 1}`);
  }
});

test('a 300 MB JSON body sent whole (a Buffer) gets its JSON error, 10 times out of 10', { timeout: 300_000 }, async () => {
  const body = Buffer.alloc(300 * MiB, 0x61);
  body.write('{"format":1,"filler":"');
  body.write('"}', body.length - 2);
  for (let i = 0; i < 10; i++) {
    const res = await fetch(`${server.url}/api_v3/service/uploadtoken/action/list?format=1`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const answer = (await res.json()) as { code?: string };
    assert.equal(answer.code, 'MISSING_KS', `run ${i + 1}`);
  }
});

test('a 20,000-call multirequest gets MULTIREQUEST_TOO_LARGE, 10 times out of 10', { timeout: 120_000 }, async () => {
  const ks = await server.ks();
  const calls: Record<string, unknown> = { format: 1, ks };
  for (let i = 1; i <= 20_000; i++) calls[i] = { service: 'system', action: 'ping' };
  const body = JSON.stringify(calls);
  for (let i = 0; i < 10; i++) {
    const res = await fetch(`${server.url}/api_v3/service/multirequest?format=1`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const answer = (await res.json()) as { code?: string };
    assert.equal(answer.code, 'MULTIREQUEST_TOO_LARGE', `run ${i + 1}`);
  }
});
