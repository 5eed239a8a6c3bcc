// Bounded work per request (server/core/body-limits.ts): bodies over their limit are answered at
// once, from the URL alone, in Kaltura's shape (fields dropped → MISSING_KS, XML unless the query
// string says format=1) with one log line saying why; a multirequest over its limit is refused before
// any call runs; and while one client sends a huge or very slow body, others are still answered.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { LIMITS } from '../../server/core/body-limits.ts';
import { listFiles, startTestServer, type TestServer } from './node-test-kit.ts';

let server: TestServer;
let ks: string;
let warnings: string[] = [];
const originalWarn = console.warn;

before(async () => {
  server = await startTestServer();
  ks = await server.ks({ userId: 'alice' });
  console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
});
after(async () => {
  console.warn = originalWarn;
  await server.close();
});
beforeEach(() => (warnings = []));

interface Answer {
  status: number;
  contentType: string;
  text: string;
  /** Body bytes the client had written when the answer arrived. */
  sentWhenAnswered: number;
}

/**
 * Sends `total` body bytes (JSON filler after `head`) in pieces of `piece` bytes, waiting `gapMs`
 * between them, and resolves as soon as the answer has arrived, whatever is still unsent.
 * `declare: false` sends it chunked, with no Content-Length.
 */
function trickle(path: string, opts: { contentType: string; head: string; total: number; piece?: number; gapMs?: number; declare?: boolean }): Promise<Answer> {
  const { contentType, head, total, piece = 256 * 1024, gapMs = 0, declare = true } = opts;
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': contentType, ...(declare ? { 'Content-Length': String(total) } : {}) },
    });
    req.on('response', (res) => {
      answered = true;
      const sentWhenAnswered = sent;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        resolve({ status: res.statusCode!, contentType: String(res.headers['content-type']), text, sentWhenAnswered });
        req.destroy();
      });
    });
    req.on('error', (e) => !answered && reject(e));
    const filler = Buffer.alloc(piece, 0x20);
    const pump = () => {
      if (answered || req.destroyed) return;
      if (sent === 0) {
        req.write(head);
        sent = head.length;
      }
      const n = Math.min(piece, total - sent);
      if (n <= 0) return void req.end();
      sent += n;
      const more = req.write(filler.subarray(0, n));
      const next = () => setTimeout(pump, gapMs);
      if (more) next();
      else req.once('drain', next);
    };
    pump();
  });
}

const ping = async (): Promise<unknown> => (await fetch(`${server.url}/api_v3/service/system/action/ping?format=1`, { method: 'POST' })).json();

describe('system.ping', () => {
  test('answers true without a KS, in JSON or XML as asked', async () => {
    assert.equal(await ping(), true);
    const xml = await (await fetch(`${server.url}/api_v3/service/system/action/ping`)).text();
    assert.match(xml, /<result>1<\/result>/);
    const time = await (await fetch(`${server.url}/api_v3/service/system/action/getTime?format=1`)).json();
    assert.ok(Math.abs(time - Date.now() / 1000) < 60);
  });
});

describe('bodies over their limit', () => {
  test('a 300 MB JSON body is answered before it is sent: MISSING_KS in XML, with one log line that says why', async () => {
    const answer = await trickle('/api_v3/service/uploadtoken/action/add', {
      contentType: 'application/json', head: `{"format":1,"ks":"${ks}","x":"`, total: 300 * 1024 * 1024,
    });
    assert.equal(answer.status, 200);
    assert.ok(answer.sentWhenAnswered < 300 * 1024 * 1024, 'answered while the body was still coming');
    assert.match(answer.contentType, /text\/xml/, 'format=1 was only in the (dropped) body');
    assert.match(answer.text, /<code>MISSING_KS<\/code>/);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /uploadtoken\.add: JSON body of 300\.0 MiB is over the 4\.0 MiB limit/);
    assert.match(warnings[0], /fields were dropped/);
    assert.doesNotMatch(warnings[0], new RegExp(ks.slice(0, 20)), 'the log line never holds the KS');
  });

  test('format=1 in the query string keeps the refusal JSON; a body sent without Content-Length is cut at the limit', async () => {
    const answer = await trickle('/api_v3/service/uploadtoken/action/add?format=1', {
      contentType: 'application/json', head: `{"ks":"${ks}","x":"`, total: 64 * 1024 * 1024, declare: false,
    });
    assert.ok(answer.sentWhenAnswered < 64 * 1024 * 1024);
    assert.ok(answer.sentWhenAnswered > LIMITS.textBodyBytes, 'it read up to the limit');
    assert.match(answer.contentType, /application\/json/);
    assert.equal(JSON.parse(answer.text).code, 'MISSING_KS');
    assert.equal(warnings.length, 1);
  });

  test('a multipart body over post_max_size (2024M) is answered at once from the URL, and nothing of it stays on disk', async () => {
    const answer = await trickle('/api_v3/service/uploadtoken/action/upload?format=1', {
      contentType: 'multipart/form-data; boundary=xyz', head: `--xyz\r\nContent-Disposition: form-data; name="ks"\r\n\r\n${ks}\r\n`,
      total: 2100 * 1024 * 1024,
    });
    assert.ok(answer.sentWhenAnswered < 64 * 1024 * 1024);
    // Kaltura checks the arguments before the KS: the missing token id is named first.
    assert.equal(JSON.parse(answer.text).code, 'MISSING_MANDATORY_PARAMETER');
    assert.match(warnings[0] ?? '', /multipart body of 2100\.0 MiB is over the 2024\.0 MiB limit \(Kaltura's post_max_size\)/);
    assert.deepEqual(listFiles(server.api.store.incomingDir), []);
  });

  test('JSON nested deeper than json_decode allows counts as no body', async () => {
    const deep = `{"ks":"${ks}","format":1,"x":${'['.repeat(600)}${']'.repeat(600)}}`;
    const res = await fetch(`${server.url}/api_v3/service/uploadtoken/action/add?format=1`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: deep });
    assert.equal((await res.json()).code, 'MISSING_KS');
  });

  test('the connection still carries answers after a refused body was sent in full', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (body: string, type = 'application/json') => new Promise<string>((resolve, reject) => {
      const req = http.request(`${server.url}/api_v3/service/system/action/ping?format=1`, { method: 'POST', agent, headers: { 'Content-Type': type } }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d)).on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(await send(' '.repeat(LIMITS.textBodyBytes + 10)), 'true');
    assert.equal(await send('{}'), 'true');
    agent.destroy();
  });
});

describe('multirequest', () => {
  test(`more than ${LIMITS.multiRequestCalls} calls are refused whole, before any runs`, async () => {
    const calls = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), { service: 'uploadtoken', action: 'add' }]));
    const tokensBefore = server.api.store.tokens.size;
    const refused = await server.call('multirequest', '', { ks, ...calls(LIMITS.multiRequestCalls + 1) }).catch(() => undefined);
    // `call` posts to /action/: the same as /service/multirequest for the dispatcher.
    assert.equal(refused.code, 'MULTIREQUEST_TOO_LARGE');
    assert.deepEqual(refused.args, { MAX_REQUESTS: String(LIMITS.multiRequestCalls) });
    assert.equal(server.api.store.tokens.size, tokensBefore, 'no call ran');
    const pings = Object.fromEntries(Array.from({ length: LIMITS.multiRequestCalls }, (_, i) => [String(i), { service: 'system', action: 'ping' }]));
    const res = await fetch(`${server.url}/api_v3/service/multirequest`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ format: 1, ...pings }) });
    const results = await res.json();
    assert.equal(results.length, LIMITS.multiRequestCalls);
    assert.ok(results.every((r: unknown) => r === true));
  });
});

describe('other clients while one sends a huge or slow body', () => {
  test('pings are answered while a 100 MB chunk trickles in and a huge JSON body is refused', async () => {
    const token = await server.call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'slow.mp4' } });
    const boundary = 'SlOwBoUnDaRy';
    const head = [
      ...Object.entries({ ks, format: '1', uploadTokenId: token.id, resume: 'false', finalChunk: 'true' })
        .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
      `--${boundary}\r\nContent-Disposition: form-data; name="fileData"; filename="slow.mp4"\r\n\r\n`,
    ].join('');
    const size = 100 * 1024 * 1024;
    // The body never ends (no closing boundary): what matters is what happens while it arrives.
    let slowDone = false;
    const slow = trickle('/api_v3/service/uploadtoken/action/upload', {
      contentType: `multipart/form-data; boundary=${boundary}`, head, total: head.length + size, piece: 1024 * 1024, gapMs: 20,
    }).finally(() => (slowDone = true));
    void slow.catch(() => {});
    const huge = trickle('/api_v3/service/uploadtoken/action/add?format=1', { contentType: 'application/json', head: '{"x":"', total: 500 * 1024 * 1024 });
    let answered = 0;
    for (let i = 0; i < 20; i++) {
      assert.equal(await ping(), true);
      answered++;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(JSON.parse((await huge).text).code, 'MISSING_KS');
    assert.equal(answered, 20);
    assert.equal(slowDone, false, 'the slow body was still arriving');
    const incoming = listFiles(server.api.store.incomingDir);
    assert.equal(incoming.length, 1, 'the slow chunk streams to disk meanwhile');
  });
});
