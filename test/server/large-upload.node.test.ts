// Uploaded bytes stream to disk: a large chunk must not grow the server's memory by its size.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { startTestServer, testBytes, type TestServer } from './node-test-kit.ts';

const SIZE = 512 * 1024 * 1024;
let server: TestServer;

before(async () => (server = await startTestServer()));
after(() => server.close());

test('a 512 MiB single-shot upload streams to disk (RSS grows far less than the upload)', async () => {
  const ks = await server.ks({ userId: 'big' });
  const token = await server.call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'big.mp4', fileSize: SIZE } });
  const block = Buffer.from(testBytes(1024 * 1024, 41));
  const expected = createHash('sha256');
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);

  const boundary = 'BiGbOuNdArY';
  const head = [
    ...Object.entries({ ks, format: '1', uploadTokenId: token.id, resume: 'false', finalChunk: 'true' }).map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    ),
    `--${boundary}\r\nContent-Disposition: form-data; name="fileData"; filename="big.mp4"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  ].join('');
  const result = await new Promise<any>((resolve, reject) => {
    const req = http.request(`${server.url}/api_v3/service/uploadtoken/action/upload`, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
    req.write(head);
    let sent = 0;
    const pump = () => {
      while (sent < SIZE) {
        expected.update(block);
        sent += block.length;
        if (!req.write(block)) return void req.once('drain', pump);
      }
      req.end(`\r\n--${boundary}--\r\n`);
    };
    pump();
  });
  clearInterval(sampler);

  assert.equal(result.status, 2);
  assert.equal(result.uploadedFileSize, String(SIZE));
  const growth = rssPeak - rssBefore;
  assert.ok(growth < 128 * 1024 * 1024, `RSS grew by ${Math.round(growth / 1048576)} MiB for a ${SIZE / 1048576} MiB upload`);
  assert.equal((await server.api.tokenInfo(token.id))?.sha256, expected.digest('hex'));
});
