// The engine stepped one request at a time through a scriptable transport: exact parameters,
// ordering (first chunk alone, bounded parallel window, final last), retries, KS refresh,
// pause/resume, cancel and the events. The same behaviours run against the real local API in
// upload-flow.test.ts; here each step can be checked and timed by the test.
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload, MemoryResumeStore, UploadError, type ChunkedUploadOptions, type UploadProgressDetail, type UploadStateDetail } from '../../src/index.js';
import { FakeTransport, exception, mediaEntry, settle, token, type FakeRequest } from './fake-transport.js';

const TOKEN = '0_token';
const ENTRY = '0_entry';

function bytes(size: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) % 251);
}

function setup(size: number, options: Partial<ChunkedUploadOptions> = {}, type = 'video/mp4') {
  const fake = new FakeTransport();
  const file = new File([bytes(size)], 'clip.mp4', { type });
  const upload = new ChunkedUpload(file, {
    serviceUrl: 'https://kaltura.test', ks: 'ks-1', chunkSize: 10, concurrency: 2,
    retry: { retries: 3, minDelay: 1, maxDelay: 4 }, transport: fake.transport, ...options,
  });
  const states: UploadStateDetail[] = [];
  const progress: UploadProgressDetail[] = [];
  upload.addEventListener('statechange', (e) => states.push(e.detail));
  upload.addEventListener('progress', (e) => progress.push(e.detail));
  const result = upload.start();
  const outcome = result.then(() => null, (e) => e);
  return { fake, file, upload, states, progress, result, outcome };
}

/** Answers uploadToken.add. */
async function answerAdd(fake: FakeTransport): Promise<FakeRequest> {
  const add = await fake.nextRequest();
  assert.equal(add.name, 'uploadtoken.add');
  add.respond(token(TOKEN, 0, undefined, 45));
  return add;
}

/** Answers a chunk as Kaltura does (status 1 partial, or 2 once the final chunk is in). */
function answerChunk(req: FakeRequest, uploadedFileSize = Number(req.params.resumeAt) + req.file!.size): void {
  assert.equal(req.name, 'uploadtoken.upload');
  req.progress(req.file!.size);
  req.respond(token(TOKEN, req.params.finalChunk === 'true' ? 2 : 1, uploadedFileSize));
}

/** Answers media.add and media.addContent of its entry (one multirequest); returns it. */
async function answerEntry(fake: FakeTransport): Promise<FakeRequest> {
  const multi = await fake.nextRequest();
  assert.equal(multi.name, 'multirequest');
  assert.equal(multi.params['2'].entryId, '{2:result:id}');
  multi.respond([{ objects: [token(TOKEN, 2)] }, mediaEntry(ENTRY), mediaEntry(ENTRY, { status: 0 })]);
  return multi;
}

const chunkOf = (r: FakeRequest) => `${r.params.resume}@${r.params.resumeAt}${r.params.finalChunk === 'true' ? ' final' : ''}`;
const stateNames = (states: UploadStateDetail[]) => states.map((s) => s.state);

describe('ChunkedUpload step by step: the protocol', () => {
  it('sends token add, the first chunk alone, a bounded parallel window, the final last, then media.add and media.addContent', async () => {
    const { fake, file, states, progress, result } = setup(45);
    const add = await answerAdd(fake);
    assert.deepEqual(add.params.uploadToken, { objectType: 'KalturaUploadToken', fileName: 'clip.mp4', fileSize: 45 });

    const first = await fake.nextRequest();
    assert.equal(chunkOf(first), 'false@0');
    assert.deepEqual(first.fieldOrder, ['ks', 'format', 'clientTag', 'uploadTokenId', 'resume', 'resumeAt', 'finalChunk', 'fileData'], 'parameters first, the file last');
    assert.equal(first.file?.name, 'clip.mp4');
    assert.deepEqual(new Uint8Array(await first.file!.arrayBuffer()), bytes(10));
    await settle();
    assert.lengthOf(fake.waiting, 0, 'the first chunk goes alone');
    answerChunk(first);

    const [a, b] = await fake.nextRequests(2);
    assert.deepEqual([chunkOf(a), chunkOf(b)], ['true@10', 'true@20']);
    await settle();
    assert.lengthOf(fake.waiting, 0, 'no more than `concurrency` chunks in flight');
    answerChunk(b, 10); // out of order: the server parks it and reports the contiguous size
    const c = await fake.nextRequest();
    assert.equal(chunkOf(c), 'true@30');
    answerChunk(a, 30);
    await settle();
    assert.lengthOf(fake.waiting, 0, 'the final chunk waits for every other chunk');
    answerChunk(c);

    const final = await fake.nextRequest();
    assert.equal(chunkOf(final), 'true@40 final');
    assert.deepEqual(new Uint8Array(await final.file!.arrayBuffer()), bytes(45).slice(40));
    answerChunk(final);

    const multi = await answerEntry(fake);
    assert.deepEqual(multi.params['1'], {
      service: 'media', action: 'add', entry: { objectType: 'KalturaMediaEntry', mediaType: 1, name: 'clip.mp4' }, after: '{1:result:objects:0:id}',
    }, 'no referenceId of our own: a USER KS may not set one; made only while uploadToken.list finds the token complete');
    assert.deepEqual(multi.params['2'], {
      service: 'media', action: 'addContent', entryId: '{2:result:id}', resource: { objectType: 'KalturaUploadedFileTokenResource', token: '{1:result:objects:0:id}' },
    }, 'addContent of the entry just made, in the same request');
    const done = await result;
    assert.equal(done.entryId, ENTRY);
    assert.equal(done.uploadTokenId, TOKEN);
    assert.equal(done.entry.status, 0);
    assert.deepEqual(done.droppedFields, ['mediaType', 'name'], 'this answer holds neither field asked for');
    assert.lengthOf(fake.log, 5 + 2, 'requests = chunks + 2');
    assert.deepEqual(states.map((s) => [s.previous, s.state]), [['idle', 'uploading'], ['uploading', 'finalizing'], ['finalizing', 'complete']]);
    assert.deepEqual(progress.at(-1), { bytesSent: file.size, bytesConfirmed: file.size, bytesTotal: file.size });
  });

  it('sends every call to {serviceUrl}/api_v3/service/..., with format=1 and a clientTag, the KS in the body only', async () => {
    const { fake, result } = setup(5, { serviceUrl: 'https://kaltura.test/api_v3/', partnerId: 42, clientTag: 'my-app' });
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    await answerEntry(fake);
    await result;
    assert.deepEqual(fake.log.map((r) => r.request.url), [
      'https://kaltura.test/api_v3/service/uploadtoken/action/add?format=1',
      'https://kaltura.test/api_v3/service/uploadtoken/action/upload?format=1',
      'https://kaltura.test/api_v3/service/multirequest?format=1',
    ]);
    for (const r of fake.log) {
      assert.equal(String(r.params.format), '1');
      assert.equal(r.params.clientTag, 'my-app');
      assert.equal(String(r.params.partnerId), '42');
      assert.equal(r.params.ks, 'ks-1');
      assert.notInclude(r.request.url, 'ks-1');
    }
  });

  it('leaves partnerId out when not given', async () => {
    const { fake, upload } = setup(5);
    const add = await fake.nextRequest();
    assert.notProperty(add.params, 'partnerId');
    assert.isString(add.params.clientTag);
    const cancelled = upload.cancel();
    add.respond(token(TOKEN, 0));
    (await fake.nextRequest()).respond(null); // the token's delete
    await cancelled;
  });

  const sizes: [label: string, size: number, chunks: string[]][] = [
    ['1 byte', 1, ['false@0 final']],
    ['chunk − 1', 9, ['false@0 final']],
    ['exactly one chunk', 10, ['false@0 final']],
    ['exactly 2 × chunk', 20, ['false@0', 'true@10 final']],
    ['3 × chunk + 7', 37, ['false@0', 'true@10', 'true@20', 'true@30 final']],
  ];
  for (const [label, size, expected] of sizes) {
    it(`plans ${label} as ${expected.join(', ')}`, async () => {
      const { fake, result } = setup(size, { concurrency: 1 });
      await answerAdd(fake);
      const sent: string[] = [];
      for (let i = 0; i < expected.length; i++) {
        const r = await fake.nextRequest();
        sent.push(chunkOf(r));
        answerChunk(r);
      }
      await answerEntry(fake);
      await result;
      assert.deepEqual(sent, expected);
    });
  }

  const mediaTypes: [mime: string, mediaType: number | undefined][] = [
    ['video/mp4', 1], ['image/png', 2], ['audio/mpeg', 5], ['application/pdf', undefined], ['', undefined],
  ];
  for (const [mime, mediaType] of mediaTypes) {
    it(`gives media.add mediaType ${mediaType} for "${mime}"`, async () => {
      const { fake, result } = setup(5, {}, mime);
      await answerAdd(fake);
      answerChunk(await fake.nextRequest());
      const multi = await answerEntry(fake);
      await result;
      assert.equal(multi.params['1'].entry.mediaType, mediaType);
      assert.equal('mediaType' in multi.params['1'].entry, mediaType !== undefined);
    });
  }

  it('takes entry fields from the `entry` option', async () => {
    const entry = { name: 'Holiday', description: 'At sea', tags: 'sea,boat' };
    const { fake, result } = setup(5, { entry });
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    const multi = await answerEntry(fake);
    await result;
    assert.deepEqual(multi.params['1'].entry, { objectType: 'KalturaMediaEntry', mediaType: 1, ...entry });
  });

  it('names a Blob by the fileName option', async () => {
    const fake = new FakeTransport();
    const upload = new ChunkedUpload(new Blob(['hello']), { serviceUrl: 'https://k.test', ks: 'k', fileName: 'greeting.txt', transport: fake.transport });
    void upload.start().catch(() => {});
    const add = await fake.nextRequest();
    assert.equal(add.params.uploadToken.fileName, 'greeting.txt');
    add.respond(token(TOKEN, 0));
    const chunk = await fake.nextRequest();
    assert.equal(chunk.file?.name, 'greeting.txt');
    const cancelled = upload.cancel();
    (await fake.nextRequest()).respond(null); // uploadToken.delete
    await cancelled;
  });
});

describe('ChunkedUpload step by step: retries', () => {
  it('retries a chunk after HTTP 503 and a dropped connection, announcing each retry', async () => {
    const { fake, states, result } = setup(15);
    await answerAdd(fake);
    const first = await fake.nextRequest();
    first.respond('<html>Service Unavailable</html>', 503, '0');
    const again = await fake.nextRequest();
    assert.equal(chunkOf(again), 'false@0', 'the same chunk again');
    again.fail();
    answerChunk(await fake.nextRequest());
    const final = await fake.nextRequest();
    answerChunk(final);
    await answerEntry(fake);
    await result;
    assert.deepEqual(stateNames(states), ['uploading', 'retrying', 'uploading', 'retrying', 'uploading', 'finalizing', 'complete']);
    const retries = states.filter((s) => s.state === 'retrying');
    assert.deepEqual(retries.map((s) => [s.error?.code, s.attempt]), [['HTTP_ERROR', 1], ['NETWORK_ERROR', 2]]);
    for (const r of retries) assert.isNumber(r.retryInMs);
    assert.equal(retries[0].error?.status, 503);
  });

  it('gives up after the retry budget with a retryable error', async () => {
    const { fake, states, outcome, upload } = setup(5, { retry: { retries: 2, minDelay: 1, maxDelay: 2 } });
    await answerAdd(fake);
    for (let i = 0; i < 3; i++) (await fake.nextRequest()).fail();
    const error = await outcome;
    assert.equal(error?.code, 'NETWORK_ERROR');
    assert.isTrue(error.retryable);
    assert.equal(error.call, 'uploadtoken.upload');
    assert.equal(upload.state, 'error');
    assert.deepEqual(stateNames(states), ['uploading', 'retrying', 'uploading', 'retrying', 'uploading', 'error']);
    assert.strictEqual(states.at(-1)?.error, error);
    await settle();
    assert.lengthOf(fake.waiting, 0, 'nothing more is sent');
  });

  it('starts the retry budget again once a chunk is confirmed', async () => {
    const { fake, states, result } = setup(35, { retry: { retries: 1, minDelay: 1, maxDelay: 2 } });
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    const [a, b] = await fake.nextRequests(2);
    a.fail(); // retry 1 of 1
    const a2 = await fake.nextRequest();
    answerChunk(b);
    await settle();
    a2.fail(); // a chunk was confirmed since: this is retry 1 again, not 2
    const a3 = await fake.nextRequest();
    assert.equal(chunkOf(a3), chunkOf(a));
    answerChunk(a3);
    answerChunk(await fake.nextRequest());
    await answerEntry(fake);
    await result;
    assert.deepEqual(states.filter((s) => s.state === 'retrying').map((s) => s.attempt), [1, 1]);
  });

  it('aborts and retries a chunk that shows no upload progress for stallTimeout', async () => {
    const { fake, states, result } = setup(5, { stallTimeout: 30 });
    await answerAdd(fake);
    const stalled = await fake.nextRequest();
    stalled.progress(2);
    const again = await fake.nextRequest();
    assert.isTrue(stalled.aborted, 'the stalled request was aborted');
    assert.equal(chunkOf(again), 'false@0 final');
    answerChunk(again);
    await answerEntry(fake);
    await result;
    assert.equal(states.find((s) => s.state === 'retrying')?.error?.code, 'TIMEOUT');
  });

  it('fails at once on a Kaltura error it cannot remedy, with the server code and message', async () => {
    const { fake, outcome } = setup(25);
    await answerAdd(fake);
    (await fake.nextRequest()).respond(exception('UPLOAD_TOKEN_FILE_TYPE_RESTRICTED_FOR_UPLOAD'));
    const error = await outcome;
    assert.equal(error.code, 'UPLOAD_TOKEN_FILE_TYPE_RESTRICTED_FOR_UPLOAD');
    assert.equal(error.message, 'UPLOAD_TOKEN_FILE_TYPE_RESTRICTED_FOR_UPLOAD happened');
    assert.isFalse(error.retryable);
    assert.lengthOf(fake.log, 2);
  });

  it('re-sends missing chunks after UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE, then the final again', async () => {
    const { fake, result } = setup(45, { concurrency: 3 });
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    for (const r of await fake.nextRequests(3)) answerChunk(r);
    const final = await fake.nextRequest();
    final.respond(exception('UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE'));
    const get = await fake.nextRequest();
    assert.equal(get.name, 'uploadtoken.get');
    assert.equal(get.params.uploadTokenId, TOKEN);
    get.respond(token(TOKEN, 1, 20)); // the chunks at 20 and 30 never made it into the file
    const resent = await fake.nextRequests(2);
    assert.sameMembers(resent.map(chunkOf), ['true@20', 'true@30']);
    for (const r of resent) answerChunk(r);
    const finalAgain = await fake.nextRequest();
    assert.equal(chunkOf(finalAgain), 'true@40 final');
    answerChunk(finalAgain);
    await answerEntry(fake);
    await result;
  });

  it('treats UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD on a retried final as done when uploadToken.get says so', async () => {
    const { fake, result } = setup(15);
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    (await fake.nextRequest()).fail(); // the final's answer was lost, but the server finished it
    (await fake.nextRequest()).respond(exception('UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD'));
    const get = await fake.nextRequest();
    assert.equal(get.name, 'uploadtoken.get');
    get.respond(token(TOKEN, 2, 15));
    await answerEntry(fake);
    assert.equal((await result).entryId, ENTRY);
  });
});

describe('ChunkedUpload step by step: the KS', () => {
  it('asks a ks function once for all chunks that got INVALID_KS and replays each with the new KS', async () => {
    let calls = 0;
    const ks = async () => `ks-${++calls}`;
    const { fake, result } = setup(45, { ks, concurrency: 3 });
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    const inFlight = await fake.nextRequests(3);
    for (const r of inFlight) r.respond(exception('INVALID_KS', { KSID: 'x', ERR_CODE: '-1', ERR_DESC: 'EXPIRED' }));
    const replays = await fake.nextRequests(3);
    assert.equal(calls, 2, 'one refresh for all three');
    assert.sameMembers(replays.map(chunkOf), inFlight.map(chunkOf), 'the failed chunks, and only they, are replayed');
    for (const r of replays) {
      assert.equal(r.params.ks, 'ks-2');
      answerChunk(r);
    }
    const final = await fake.nextRequest();
    assert.equal(final.params.ks, 'ks-2');
    answerChunk(final);
    await answerEntry(fake);
    await result;
    const sentOffsets = fake.log.filter((r) => r.name === 'uploadtoken.upload').map((r) => r.params.resumeAt);
    assert.deepEqual(sentOffsets.filter((o) => o === '0'), ['0'], 'the confirmed first chunk was not sent again');
  });

  it('fails when the refreshed KS is refused too', async () => {
    let calls = 0;
    const { fake, outcome } = setup(5, { ks: () => `ks-${++calls}` });
    (await fake.nextRequest()).respond(exception('INVALID_KS'));
    (await fake.nextRequest()).respond(exception('INVALID_KS'));
    const error = await outcome;
    assert.equal(error.code, 'INVALID_KS');
    assert.equal(calls, 2);
  });

  it('asks again when a KS that worked is refused later in the same request (it expired again)', async () => {
    let calls = 0;
    const { fake, result } = setup(45, { ks: () => `ks-${++calls}` });
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    const expired = () => exception('INVALID_KS', { KSID: 'EXPIRED', ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' });
    const [a, b] = await fake.nextRequests(2);
    a.respond(expired());
    b.respond(expired());
    const replays = await fake.nextRequests(2);
    const aAgain = replays.find((r) => r.params.resumeAt === a.params.resumeAt)!;
    answerChunk(replays.find((r) => r !== aAgain)!); // ks-2 works
    aAgain.fail(); // ... but this chunk's replay gets no answer and is retried
    const next = await fake.nextRequests(2);
    const aRetry = next.find((r) => r.params.resumeAt === a.params.resumeAt)!;
    assert.equal(aRetry.params.ks, 'ks-2');
    aRetry.respond(expired()); // by now ks-2 has expired too
    answerChunk(next.find((r) => r !== aRetry)!);
    const aWithNewKs = await fake.nextRequest();
    assert.equal(aWithNewKs.params.resumeAt, a.params.resumeAt);
    assert.equal(aWithNewKs.params.ks, 'ks-3', 'a second refresh: ks-2 had worked, so it expired');
    answerChunk(aWithNewKs);
    answerChunk(await fake.nextRequest());
    await answerEntry(fake);
    await result;
    assert.equal(calls, 3);
  });

  it('fails fast on INVALID_KS with a plain string KS', async () => {
    const { fake, outcome, states } = setup(5);
    (await fake.nextRequest()).respond(exception('INVALID_KS'));
    const error = await outcome;
    assert.equal(error.code, 'INVALID_KS');
    assert.isFalse(error.retryable);
    assert.deepEqual(stateNames(states), ['uploading', 'error']);
    assert.lengthOf(fake.log, 1);
  });
});

describe('ChunkedUpload step by step: pause, resume, cancel', () => {
  it('pause aborts chunks in flight and sends nothing; resume asks uploadToken.get and sends only what is missing', async () => {
    const { fake, upload, states, result } = setup(45, { concurrency: 3 });
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    const [a, b, c] = await fake.nextRequests(3);
    answerChunk(a); // 10..20 confirmed in this session
    await settle();
    upload.pause();
    assert.isTrue(b.aborted && c.aborted, 'chunks in flight are aborted');
    await settle(50);
    assert.lengthOf(fake.waiting, 0, 'nothing is sent while paused');
    assert.equal(upload.state, 'paused');

    upload.resume();
    const get = await fake.nextRequest();
    assert.equal(get.name, 'uploadtoken.get');
    get.respond(token(TOKEN, 1, 30)); // the aborted chunk at 20 had in fact arrived
    const rest = await fake.nextRequest();
    assert.equal(chunkOf(rest), 'true@30', 'only the chunk the server lacks');
    answerChunk(rest);
    answerChunk(await fake.nextRequest());
    await answerEntry(fake);
    await result;
    assert.deepEqual(stateNames(states), ['uploading', 'paused', 'uploading', 'finalizing', 'complete']);
  });

  it('pause during a retry wait holds the retry until resume', async () => {
    const { fake, upload, states, result } = setup(5, { retry: { retries: 3, minDelay: 40, maxDelay: 40 } });
    await answerAdd(fake);
    (await fake.nextRequest()).fail();
    await settle(5);
    assert.equal(upload.state, 'retrying');
    upload.pause();
    await settle(80);
    assert.lengthOf(fake.waiting, 0);
    upload.resume();
    (await fake.nextRequest()).respond(token(TOKEN, 0)); // uploadToken.get: nothing there yet
    const chunk = await fake.nextRequest();
    assert.equal(chunkOf(chunk), 'false@0 final');
    answerChunk(chunk);
    await answerEntry(fake);
    await result;
    assert.deepEqual(stateNames(states), ['uploading', 'retrying', 'paused', 'uploading', 'finalizing', 'complete']);
  });

  it('pause while the token is being created lets uploadToken.add finish (its token is not orphaned), then holds until resume', async () => {
    const { fake, upload, states, result } = setup(5);
    const add = await fake.nextRequest();
    upload.pause();
    assert.equal(upload.state, 'paused');
    assert.isFalse(add.aborted, 'a call that makes something brings its answer home');
    add.respond(token(TOKEN, 0, undefined, 5));
    await settle();
    assert.lengthOf(fake.waiting, 0, 'nothing more goes out while paused');
    upload.resume();
    answerChunk(await fake.nextRequest());
    await answerEntry(fake);
    await result;
    assert.equal(fake.log.filter((r) => r.name === 'uploadtoken.add').length, 1, 'one token');
    assert.deepEqual(stateNames(states), ['uploading', 'paused', 'uploading', 'finalizing', 'complete']);
  });

  it('pause while the KS function is pending (state idle, with a resume store) holds, and resume goes on', async () => {
    // Old main: pause() returned early in `idle`, and without a store the next step overwrote `paused`.
    let giveKs!: (ks: string) => void;
    const fake = new FakeTransport();
    const upload = new ChunkedUpload(new File([bytes(5)], 'a.mp4'), {
      serviceUrl: 'https://kaltura.test', chunkSize: 1024, ks: () => new Promise<string>((r) => (giveKs = r)), transport: fake.transport, resumeStore: new MemoryResumeStore(),
    });
    const states: string[] = [];
    upload.addEventListener('statechange', (e) => states.push(e.detail.state));
    const result = upload.start();
    while (!giveKs) await settle(5);
    assert.equal(upload.state, 'idle');
    upload.pause();
    assert.equal(upload.state, 'paused', 'a pause is taken in idle');
    giveKs('ks-1');
    await settle(50);
    assert.equal(upload.state, 'paused', 'and the run moving on does not undo it');
    assert.lengthOf(fake.log, 0, 'nothing is sent while paused');
    upload.resume();
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    await answerEntry(fake);
    await result;
    assert.deepEqual(states, ['paused', 'uploading', 'finalizing', 'complete']);
  });

  it('pause without a resume store while the KS is fetched stays paused; cancel then pause does nothing', async () => {
    let giveKs!: (ks: string) => void;
    const fake = new FakeTransport();
    const upload = new ChunkedUpload(new File([bytes(5)], 'a.mp4'), { serviceUrl: 'https://kaltura.test', chunkSize: 1024, ks: () => new Promise<string>((r) => (giveKs = r)), transport: fake.transport });
    const outcome = upload.start().then(() => null, (e) => e);
    while (!giveKs) await settle(5);
    upload.pause();
    giveKs('ks-1');
    await settle(50);
    assert.equal(upload.state, 'paused', 'old main: `uploading`, with the gate shut for good');
    assert.lengthOf(fake.log, 0);
    const cancelled = upload.cancel();
    assert.equal(upload.state, 'cancelled', 'at once');
    upload.pause();
    assert.equal(upload.state, 'cancelled', 'a pause after cancel does nothing');
    await cancelled;
    assert.equal((await outcome)?.code, 'CANCELLED');
    assert.lengthOf(fake.log, 0, 'nothing was made, nothing to delete');
  });

  it('cancel while uploadToken.add is in flight deletes the token once its id arrives', async () => {
    const { fake, upload, states, outcome } = setup(45);
    const add = await fake.nextRequest();
    const cancelled = upload.cancel();
    assert.equal(upload.state, 'cancelled', 'at once, not after the delete');
    add.respond(token(TOKEN, 0, undefined, 45));
    const del = await fake.nextRequest();
    assert.equal(del.name, 'uploadtoken.delete', 'old main: nothing deleted, the token orphaned');
    assert.equal(del.params.uploadTokenId, TOKEN);
    del.respond(null);
    await cancelled;
    assert.equal((await outcome).code, 'CANCELLED');
    assert.deepEqual(stateNames(states), ['uploading', 'cancelled']);
    await settle(50);
    assert.lengthOf(fake.waiting, 0);
  });

  it('cancel while the entry is being made deletes that entry and the token: nothing is left', async () => {
    const { fake, upload, outcome } = setup(5);
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    const multi = await fake.nextRequest();
    assert.equal(multi.name, 'multirequest');
    const cancelled = upload.cancel();
    assert.isFalse(multi.aborted, 'its answer says what was made');
    multi.respond([{ objects: [token(TOKEN, 2)] }, mediaEntry(ENTRY), mediaEntry(ENTRY, { status: 1 })]);
    const delEntry = await fake.nextRequest();
    assert.equal(delEntry.name, 'media.delete', 'old main: the entry stayed');
    assert.equal(delEntry.params.entryId, ENTRY);
    delEntry.respond(null);
    const delToken = await fake.nextRequest();
    assert.equal(delToken.name, 'uploadtoken.delete');
    delToken.respond(null);
    await cancelled;
    assert.equal((await outcome).code, 'CANCELLED');
    assert.equal(upload.state, 'cancelled');
  });

  it('six chunks failing at once halve the chunk rate once, not 64-fold', async function () {
    this.timeout(20_000);
    // Chunks aim at 2 s at the measured rate r: c = 2r/6. Six fail together; the first retry is
    // answered T = 3 s later, a sample of 6c/T = 2r/3, averaged with the rate left after the
    // failures. Halved once: the next chunk is (r/2 + 2r/3)/2 = 0.58 r, about 0.58 of c's rate;
    // halved six times (old main): (r/64 + 2r/3)/2 = 0.34. The ratio does not depend on timing but T.
    const MiB = 1024 * 1024;
    const block = new Blob([new Uint8Array(MiB)]);
    const file = new File(Array.from({ length: 1024 }, () => block), 'big.mp4', { type: 'video/mp4' });
    const fake = new FakeTransport();
    const upload = new ChunkedUpload(file, { serviceUrl: 'https://kaltura.test', ks: 'ks-1', concurrency: 6, retry: { retries: 3, minDelay: 1, maxDelay: 2 }, transport: fake.transport });
    void upload.start().catch(() => {});
    const add = await fake.nextRequest();
    add.respond(token(TOKEN, 0, undefined, file.size));
    let probe = await fake.nextRequest();
    if (probe.params.finalChunk === 'true') {
      // The whole File first (unless an earlier upload of this page measured a slow link): chunks from here on.
      probe.fail();
      (await fake.nextRequest()).respond(token(TOKEN, 0, undefined, file.size)); // uploadToken.get
      probe = await fake.nextRequest();
    }
    await new Promise((r) => setTimeout(r, 100));
    answerChunk(probe);
    const six = await fake.nextRequests(6);
    const size = six[1]!.file!.size;
    assert.isAbove(size, 4 * MiB, 'a fast link: big chunks');
    for (const r of six) r.fail();
    const again = await fake.nextRequests(6);
    await new Promise((r) => setTimeout(r, 3000));
    answerChunk(again[1]!);
    const next = await fake.nextRequest();
    assert.isAtLeast(next.file!.size / size, 0.5, `next chunk ${next.file!.size} after ${size}: the rate was halved once`);
    const cancelled = upload.cancel();
    (await fake.nextRequest()).respond(null);
    await cancelled;
  });

  it('a KS function that rejects, then gives an object (a 502 page\'s .json()), is asked again with backoff: the upload goes on', async () => {
    // Old main: INVALID_OPTIONS at once, from inside the request loop: every chunk stopped.
    let calls = 0;
    const answers: (() => unknown)[] = [() => 'ks-1', () => Promise.reject(new Error('502')), () => ({ error: 'bad gateway' }), () => 'ks-2'];
    const { fake, result, states } = setup(25, { ks: () => answers[calls++]!() as string });
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    const refused = await fake.nextRequest();
    refused.respond(exception('INVALID_KS', { KSID: 'x', ERR_CODE: '-1', ERR_DESC: 'EXPIRED' }));
    await settle(30);
    const replayed = await fake.nextRequest(3000);
    assert.equal(replayed.params.ks, 'ks-2', 'replayed with the KS the function gave on its third try');
    answerChunk(replayed);
    answerChunk(await fake.nextRequest());
    await answerEntry(fake);
    await result;
    assert.equal(calls, 4);
    assert.includeMembers(stateNames(states), ['retrying'], 'the hiccups showed as retries');
  });

  it('a KS function that keeps failing ends the upload with KS_PROVIDER_FAILED once the tries are spent', async () => {
    const fake = new FakeTransport();
    const upload = new ChunkedUpload(new File([bytes(5)], 'a.mp4'), {
      serviceUrl: 'https://kaltura.test', chunkSize: 1024, ks: () => Promise.reject(new Error('down')), transport: fake.transport, retry: { retries: 2, minDelay: 1, maxDelay: 2 },
    });
    const error = await upload.start().then(() => null, (e: UploadError) => e);
    assert.equal(error?.code, 'KS_PROVIDER_FAILED');
    assert.isTrue(error?.retryable);
    assert.lengthOf(fake.log, 0);
  });

  it('a tab switch (visibilitychange) does not make the engine ask uploadToken.get', async () => {
    const { fake, result } = setup(25, { concurrency: 1 });
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    const second = await fake.nextRequest();
    document.dispatchEvent(new Event('visibilitychange'));
    document.dispatchEvent(new Event('visibilitychange'));
    answerChunk(second);
    const next = await fake.nextRequest();
    assert.equal(next.name, 'uploadtoken.upload', 'old main asked uploadToken.get first, on every switch');
    answerChunk(next);
    await answerEntry(fake);
    await result;
  });

  it('cancel aborts everything, deletes the token and rejects with CANCELLED', async () => {
    const { fake, upload, states, outcome } = setup(45, { concurrency: 3 });
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    const inFlight = await fake.nextRequests(3);
    const cancelled = upload.cancel();
    assert.isTrue(inFlight.every((r) => r.aborted));
    const del = await fake.nextRequest();
    assert.equal(del.name, 'uploadtoken.delete');
    assert.equal(del.params.uploadTokenId, TOKEN);
    del.respond(null);
    await cancelled;
    const error = await outcome;
    assert.equal(error.code, 'CANCELLED');
    assert.equal(upload.state, 'cancelled');
    assert.deepEqual(stateNames(states), ['uploading', 'cancelled']);
    await settle(50);
    assert.lengthOf(fake.waiting, 0, 'nothing is sent after cancel');
  });

  it('a pause that lands as the last chunk is confirmed holds before finalizing, and resume goes on', async () => {
    // The element soak found this: a person pressing Pause right as the final answer came left the
    // upload waiting, paused, in 'finalizing', where no Resume button (and no resume()) could reach it.
    const { fake, upload, states, result } = setup(8, { chunkSize: 10 });
    upload.addEventListener('progress', (e) => {
      // The page reacts to the 100% event a moment later, as a click handler would.
      if (e.detail.bytesConfirmed === 8) queueMicrotask(() => upload.pause());
    });
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    await settle(50);
    assert.equal(upload.state, 'paused', 'it waits, paused, before finalizing');
    assert.lengthOf(fake.waiting, 0, 'no entry call while paused');
    upload.resume();
    const check = await fake.nextRequest(); // after a pause the engine asks where the upload stands
    assert.equal(check.name, 'uploadtoken.get');
    check.respond(token(TOKEN, 2, 8));
    await answerEntry(fake);
    await result;
    assert.deepEqual(stateNames(states), ['uploading', 'paused', 'uploading', 'finalizing', 'complete']);
  });

  it('cancel tries the delete again when it fails on the way, so no token is left', async () => {
    const { fake, upload, outcome } = setup(45);
    await answerAdd(fake);
    const first = await fake.nextRequest();
    const cancelled = upload.cancel();
    assert.isTrue(first.aborted);
    const del = await fake.nextRequest();
    assert.equal(del.name, 'uploadtoken.delete');
    del.respond('<html>500</html>', 500);
    const again = await fake.nextRequest(3000); // a second later
    assert.equal(again.name, 'uploadtoken.delete');
    again.fail();
    const last = await fake.nextRequest(3000);
    assert.equal(last.name, 'uploadtoken.delete');
    last.respond(null);
    await cancelled;
    assert.equal((await outcome).code, 'CANCELLED');
    await settle(50);
    assert.lengthOf(fake.waiting, 0, 'three tries at most');
  });

  it('cancel before start sends nothing and start() then rejects with CANCELLED', async () => {
    const fake = new FakeTransport();
    const upload = new ChunkedUpload(new File(['x'], 'a.mp4'), { serviceUrl: 'https://k.test', chunkSize: 1024, ks: 'k', transport: fake.transport });
    await upload.cancel();
    const error = await upload.start().then(() => null, (e) => e);
    assert.equal(error?.code, 'CANCELLED');
    assert.lengthOf(fake.log, 0);
  });
});

describe('ChunkedUpload step by step: progress', () => {
  it('reports sent and confirmed bytes that never go backwards nor beyond the total', async () => {
    const { fake, progress, result } = setup(25, { concurrency: 1 });
    await answerAdd(fake);
    const first = await fake.nextRequest();
    first.progress(4);
    first.progress(10);
    answerChunk(first);
    const second = await fake.nextRequest();
    second.progress(6);
    second.fail(); // a retry starts this chunk over: the figures must not drop
    const again = await fake.nextRequest();
    again.progress(3);
    answerChunk(again);
    answerChunk(await fake.nextRequest());
    await answerEntry(fake);
    await result;
    await settle(150); // a trailing throttled event, if any
    for (let i = 1; i < progress.length; i++) {
      assert.isAtLeast(progress[i].bytesSent, progress[i - 1].bytesSent);
      assert.isAtLeast(progress[i].bytesConfirmed, progress[i - 1].bytesConfirmed);
    }
    for (const p of progress) {
      assert.isAtMost(p.bytesSent, 25);
      assert.isAtLeast(p.bytesSent, p.bytesConfirmed);
      assert.equal(p.bytesTotal, 25);
    }
    assert.deepEqual(progress.at(-1), { bytesSent: 25, bytesConfirmed: 25, bytesTotal: 25 });
  });

  it('throttles progress: a burst of confirmed chunks makes one event and a trailing one', async () => {
    const { fake, progress, upload } = setup(200, { concurrency: 20, maxConnections: 20 });
    await answerAdd(fake);
    answerChunk(await fake.nextRequest());
    const middle = await fake.nextRequests(18);
    await settle(150);
    progress.length = 0;
    for (const r of middle) answerChunk(r); // all in one task
    const final = await fake.nextRequest();
    await settle(150);
    assert.isAtLeast(progress.length, 1);
    assert.isAtMost(progress.length, 2, `${progress.length} events for 18 chunks confirmed at once`);
    assert.equal(progress.at(-1)?.bytesConfirmed, 190, 'the last event has the last figure');
    const cancelled = upload.cancel();
    assert.isTrue(final.aborted);
    (await fake.nextRequest()).respond(null);
    await cancelled;
  });
});
