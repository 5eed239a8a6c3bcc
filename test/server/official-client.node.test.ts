// Kaltura's official Node client (npm `kaltura-client`) against the local API: if the real client
// library works unchanged, the wire format is right. Mirrors the client's own test/media.js.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { sha256, startTestServer, testBytes, type TestServer } from './node-test-kit.ts';

// CommonJS without type declarations.
const kaltura = createRequire(import.meta.url)('kaltura-client') as any;

let server: TestServer;
let client: any;

before(async () => {
  server = await startTestServer({ conversionMs: 100 });
  const config = new kaltura.Configuration();
  config.serviceUrl = server.url;
  // The client logs every request body, KS included, to the console by default.
  config.setLogger({ log() {}, debug() {} });
  client = new kaltura.Client(config);
});
after(() => server.close());

const run = <T = any>(request: any): Promise<T> => request.execute(client);

describe('official kaltura-client', () => {
  test('session.start issues a v2 KS the server accepts', async () => {
    const ks: string = await run(
      kaltura.services.session.start('local-dev-admin-secret', 'client-user', kaltura.enums.SessionType.USER, server.api.options.partnerId),
    );
    assert.match(ks, /^djJ8/);
    client.setKs(ks);
  });

  test('uploadToken.add, a 3-chunk upload, uploadToken.get', async () => {
    const data = testBytes(3 * 100_000 + 123, 31);
    const token = await run(kaltura.services.uploadToken.add(new kaltura.objects.UploadToken({ fileName: 'three.mp4', fileSize: data.length })));
    assert.equal(token.status, kaltura.enums.UploadTokenStatus.PENDING);
    const cuts = [0, 100_000, 200_000, data.length];
    for (let i = 0; i < 3; i++) {
      const chunk = Buffer.from(data.subarray(cuts[i], cuts[i + 1]));
      const last = i === 2;
      const result = await run(kaltura.services.uploadToken.upload(token.id, chunk, i > 0, last, cuts[i]));
      assert.equal(result.status, last ? kaltura.enums.UploadTokenStatus.FULL_UPLOAD : kaltura.enums.UploadTokenStatus.PARTIAL_UPLOAD);
      assert.equal(result.uploadedFileSize, String(cuts[i + 1]));
    }
    const got = await run(kaltura.services.uploadToken.get(token.id));
    assert.deepEqual([got.status, got.uploadedFileSize, got.fileName], [2, String(data.length), 'three.mp4']);
    assert.equal((await server.api.tokenInfo(token.id))?.sha256, sha256(data));

    // Then attach it: media.add, media.addContent, media.get.
    const entry = await run(kaltura.services.media.add(new kaltura.objects.MediaEntry({ mediaType: kaltura.enums.MediaType.VIDEO, name: 'test עברית عربيه हिन्दू' })));
    assert.equal(entry.status.toString(), kaltura.enums.EntryStatus.NO_CONTENT);
    assert.equal(entry.name, 'test עברית عربيه हिन्दू');
    const resource = new kaltura.objects.UploadedFileTokenResource({ token: token.id });
    const withContent = await run(kaltura.services.media.addContent(entry.id, resource));
    assert.equal(withContent.status.toString(), kaltura.enums.EntryStatus.PRECONVERT);
    const fetched = await run(kaltura.services.media.get(entry.id));
    assert.equal(fetched.id, entry.id);
    assert.equal((await server.api.entryInfo(entry.id))?.sha256, sha256(data));
  });

  test('attach first, as the client’s own test does: the upload returns CLOSED', async () => {
    const entry = await run(kaltura.services.media.add(new kaltura.objects.MediaEntry({ mediaType: kaltura.enums.MediaType.VIDEO, name: 'attach first' })));
    const token = await run(kaltura.services.uploadToken.add(new kaltura.objects.UploadToken({})));
    const imported = await run(kaltura.services.media.addContent(entry.id, new kaltura.objects.UploadedFileTokenResource({ token: token.id })));
    assert.equal(imported.status.toString(), kaltura.enums.EntryStatus.IMPORT);
    const closed = await run(kaltura.services.uploadToken.upload(token.id, Buffer.from(testBytes(5000, 32))));
    assert.equal(closed.status, kaltura.enums.UploadTokenStatus.CLOSED);
  });

  test('the client’s parallel pattern: empty first chunk, then every chunk at once, the last one final', async () => {
    const data = testBytes(10 * 65_536 + 99, 33);
    const token = await run(kaltura.services.uploadToken.add(new kaltura.objects.UploadToken()));
    const opened = await run(kaltura.services.uploadToken.upload(token.id, Buffer.alloc(0), false, false, 0));
    assert.equal(opened.status, kaltura.enums.UploadTokenStatus.PARTIAL_UPLOAD);
    const entry = await run(kaltura.services.media.add(new kaltura.objects.MediaEntry({ mediaType: kaltura.enums.MediaType.VIDEO })));
    await run(kaltura.services.media.addContent(entry.id, new kaltura.objects.UploadedFileTokenResource({ token: token.id })));
    const uploads = [];
    for (let at = 0; at < data.length; at += 65_536) {
      const chunk = Buffer.from(data.subarray(at, at + 65_536));
      uploads.push(run(kaltura.services.uploadToken.upload(token.id, chunk, true, at + 65_536 >= data.length, at)));
    }
    const results = await Promise.all(uploads);
    const last = results.pop();
    for (const r of results) assert.equal(r.status, kaltura.enums.UploadTokenStatus.PARTIAL_UPLOAD);
    assert.equal(last.status, kaltura.enums.UploadTokenStatus.CLOSED);
    assert.equal((await server.api.entryInfo(entry.id))?.sha256, sha256(data));
  });

  test('a multirequest with result references ({1:result:id}, {2:result:id})', async () => {
    const results: any[] = await kaltura.services.media
      .add(new kaltura.objects.MediaEntry({ mediaType: kaltura.enums.MediaType.VIDEO, name: 'multi' }))
      .add(kaltura.services.uploadToken.add(new kaltura.objects.UploadToken({})))
      .add(kaltura.services.media.addContent('{1:result:id}', new kaltura.objects.UploadedFileTokenResource({ token: '{2:result:id}' })))
      .add(kaltura.services.uploadToken.upload('{2:result:id}', Buffer.from(testBytes(4096, 34))))
      .execute(client);
    assert.equal(results[0].status.toString(), kaltura.enums.EntryStatus.NO_CONTENT);
    assert.equal(results[1].status, kaltura.enums.UploadTokenStatus.PENDING);
    assert.equal(results[2].status.toString(), kaltura.enums.EntryStatus.IMPORT);
    assert.equal(results[3].status, kaltura.enums.UploadTokenStatus.CLOSED);
  });

  test('ENTRY_ID_NOT_FOUND comes back as a KalturaAPIException', async () => {
    await assert.rejects(run(kaltura.services.media.get('0_notthere')), (error: any) => {
      assert.equal(error.code, 'ENTRY_ID_NOT_FOUND');
      assert.deepEqual(error.args, { ENTRY_ID: '0_notthere' });
      return true;
    });
  });

  test('INVALID_KS for a tampered KS', async () => {
    const good: string = client.getKs();
    client.setKs(good.slice(0, -8) + (good.endsWith('AAAAAAAA') ? 'BBBBBBBB' : 'AAAAAAAA'));
    try {
      await assert.rejects(run(kaltura.services.uploadToken.listAction()), (error: any) => {
        assert.equal(error.code, 'INVALID_KS');
        assert.equal(error.args.ERR_CODE, '-1');
        return true;
      });
    } finally {
      client.setKs(good);
    }
  });
});
