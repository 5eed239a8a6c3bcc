// The engine's adaptive transfer stepped through the scriptable transport: the whole File first in
// one request, watched and stopped when its progress shows a slow link, chunk sizes from the
// measured rate (the whole request's, or a probe's of 1-4 MiB), a
// whole-file request that fails or is paused continuing in chunks from what the server holds,
// smaller chunks after failures, a fixed chunkSize meaning exactly that, and a resumed upload
// planning afresh from the server's offset. The same paths run against the local API in
// adaptive-transfer.test.ts.
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload, MemoryResumeStore, resumeKey, type ChunkedUploadOptions, type UploadStateDetail } from '../../src/index.js';
import { FakeTransport, mediaEntry, settle, token, type FakeRequest } from './fake-transport.js';

const MiB = 1024 * 1024;
const TOKEN = '0_token';

function setup(size: number, options: Partial<ChunkedUploadOptions> = {}) {
  const fake = new FakeTransport();
  const file = new File([new Uint8Array(size).fill(7)], 'clip.mp4', { type: 'video/mp4' });
  const upload = new ChunkedUpload(file, {
    serviceUrl: 'https://kaltura.test', ks: 'ks-1', retry: { retries: 5, minDelay: 1, maxDelay: 4 }, transport: fake.transport, ...options,
  });
  const states: UploadStateDetail[] = [];
  upload.addEventListener('statechange', (e) => states.push(e.detail));
  const outcome = upload.start().then(() => null, (e) => e);
  return { fake, file, upload, states, outcome };
}

async function answerAdd(fake: FakeTransport): Promise<void> {
  const add = await fake.nextRequest();
  assert.equal(add.name, 'uploadtoken.add');
  add.respond(token(TOKEN, 0));
}

function answerChunk(req: FakeRequest): void {
  assert.equal(req.name, 'uploadtoken.upload');
  const end = Number(req.params.resumeAt) + req.file!.size;
  req.respond(token(TOKEN, req.params.finalChunk === 'true' ? 2 : 1, end));
}

async function answerEntry(fake: FakeTransport): Promise<void> {
  const multi = await fake.nextRequest();
  assert.equal(multi.name, 'multirequest');
  // media.add, and media.addContent of its entry
  multi.respond([{ objects: [token(TOKEN, 2)] }, mediaEntry('0_entry'), mediaEntry('0_entry', { status: 1 })]);
}

/** `resume@resumeAt[ final] size` */
const chunkOf = (r: FakeRequest) => `${r.params.resume}@${r.params.resumeAt}${r.params.finalChunk === 'true' ? ' final' : ''} ${r.file?.size}`;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ChunkedUpload step by step: adaptive transfer', function () {
  this.timeout(20_000);

  it('sends a file of 16 MiB or more as the File itself first, in one request: no probe, no byte twice', async () => {
    const { fake, file, outcome } = setup(32 * MiB);
    await answerAdd(fake);
    const whole = await fake.nextRequest();
    assert.equal(chunkOf(whole), `false@0 final ${file.size}`, 'resume=false, final: all of it');
    assert.equal(whole.file?.name, 'clip.mp4');
    answerChunk(whole);
    await answerEntry(fake);
    assert.isNull(await outcome);
    assert.lengthOf(fake.log, 3, 'token, whole file, the entry (media.add with its content, one multirequest)');
  });

  it('stops the whole-file request half a second in when its progress says the file would take over 5 s, then sends chunks sized from that rate', async () => {
    const { fake, upload } = setup(64 * MiB);
    await answerAdd(fake);
    const whole = await fake.nextRequest();
    whole.progress(4 * MiB); // socket buffers, filled at once
    await wait(260);
    whole.progress(5 * MiB);
    await wait(260);
    whole.progress(7 * MiB); // 2 MiB in a quarter of a second: about 8 MiB/s, 64 MiB would take 8 s
    assert.isTrue(whole.aborted, 'the whole-file request is stopped');
    const get = await fake.nextRequest();
    assert.equal(get.name, 'uploadtoken.get', 'the server says what it holds');
    get.respond(token(TOKEN, 0));
    const first = await fake.nextRequest();
    assert.equal(first.params.resume, 'false', 'the first chunk opens the file again');
    await settle();
    assert.lengthOf(fake.waiting, 0, 'and goes alone');
    // 2 s of about 8 MiB/s shared by 6 requests: about 2.7 MiB (the timers may run late).
    assert.isAtLeast(first.file!.size, 1.5 * MiB);
    assert.isAtMost(first.file!.size, 3.5 * MiB);
    const cancelled = upload.cancel();
    (await fake.nextRequest()).respond(null);
    await cancelled;
  });

  it('keeps the whole-file request when its progress says the file goes in 5 s or less', async () => {
    const { fake, file, outcome } = setup(32 * MiB);
    await answerAdd(fake);
    const whole = await fake.nextRequest();
    await wait(260);
    whole.progress(4 * MiB);
    await wait(260);
    whole.progress(8 * MiB); // 16 MiB/s: 2 s for all of it
    await settle();
    assert.isFalse(whole.aborted);
    answerChunk(whole);
    await answerEntry(fake);
    assert.isNull(await outcome);
    assert.lengthOf(fake.log.filter((r) => r.name === 'uploadtoken.upload'), 1, 'one request for the bytes');
    assert.equal(file.size, 32 * MiB);
  });

  it('continues in chunks from what the server holds when the whole-file request fails', async () => {
    const { fake, states, outcome } = setup(32 * MiB);
    await answerAdd(fake);
    const whole = await fake.nextRequest();
    assert.equal(chunkOf(whole), `false@0 final ${32 * MiB}`);
    whole.fail();
    const get = await fake.nextRequest();
    assert.equal(get.name, 'uploadtoken.get', 'no second whole-file request: the server is asked what it holds');
    get.respond(token(TOKEN, 0));
    const probe = await fake.nextRequest();
    assert.equal(chunkOf(probe), `false@0 ${MiB}`, 'a probe opens the file');
    answerChunk(probe);
    const rest = await fake.nextRequest();
    assert.equal(chunkOf(rest), `true@${MiB} final ${31 * MiB}`, 'the rest, from the probe\'s end');
    answerChunk(rest);
    await answerEntry(fake);
    assert.isNull(await outcome);
    assert.includeOrderedMembers(states.map((s) => s.state), ['uploading', 'retrying', 'uploading', 'finalizing', 'complete']);
  });

  it('continues in chunks after a pause during the whole-file request', async () => {
    const { fake, upload, outcome } = setup(32 * MiB);
    await answerAdd(fake);
    const whole = await fake.nextRequest();
    whole.progress(8 * MiB);
    upload.pause();
    assert.isTrue(whole.aborted);
    await settle(50);
    assert.lengthOf(fake.waiting, 0, 'nothing is sent while paused');
    upload.resume();
    for (let r = await fake.nextRequest(); ; r = await fake.nextRequest()) {
      if (r.name === 'uploadtoken.get') {
        r.respond(token(TOKEN, 0));
        continue;
      }
      if (r.params.resume === 'false') {
        assert.equal(chunkOf(r), `false@0 ${MiB}`);
        answerChunk(r);
        continue;
      }
      assert.equal(chunkOf(r), `true@${MiB} final ${31 * MiB}`);
      answerChunk(r);
      break;
    }
    await answerEntry(fake);
    assert.isNull(await outcome);
    assert.lengthOf(fake.log.filter((r) => r.params.resume === 'false' && r.params.finalChunk === 'true'), 1, 'the whole file was not sent again');
  });

  it('sends smaller chunks after failed tries', async () => {
    const { fake, upload } = setup(64 * MiB, { concurrency: 1 });
    await answerAdd(fake);
    (await fake.nextRequest()).fail(); // the whole-file request: chunks from here on
    (await fake.nextRequest()).respond(token(TOKEN, 0));
    const probe = await fake.nextRequest();
    await wait(100); // about 10 MiB/s: chunks of about 20 MiB (2 s), the whole file would take 6 s
    answerChunk(probe);
    let a = await fake.nextRequest();
    const size = a.file!.size;
    for (let i = 0; i < 3; i++) {
      a.fail();
      a = await fake.nextRequest();
      assert.equal(a.file!.size, size, 'a retry sends the same chunk');
    }
    await wait(1000); // answered at about twice the probe's rate
    answerChunk(a);
    const b = await fake.nextRequest();
    // The rate is halved on every failed try, then averaged with the answer's: without the
    // failures the next chunk would be about 1.5 × the last, with them about 1.06 ×.
    assert.isBelow(b.file!.size / size, 1.25, `${b.file!.size} after ${size}`);
    const cancelled = upload.cancel();
    (await fake.nextRequest()).respond(null);
    await cancelled;
  });

  it('a fixed chunkSize means exactly that size, and never the whole-file request', async () => {
    const { fake, upload } = setup(32 * MiB, { chunkSize: 2 * MiB });
    await answerAdd(fake);
    const first = await fake.nextRequest();
    assert.equal(chunkOf(first), `false@0 ${2 * MiB}`);
    answerChunk(first); // at once: the whole file would fit in well under a second
    const next = await fake.nextRequests(6);
    assert.deepEqual(next.map(chunkOf), [2, 4, 6, 8, 10, 12].map((m) => `true@${m * MiB} ${2 * MiB}`));
    const cancelled = upload.cancel();
    (await fake.nextRequest()).respond(null);
    await cancelled;
  });

  it('a resumed upload plans afresh from the offset the server holds, whatever the old chunk size', async () => {
    const store = new MemoryResumeStore();
    const file = new File([new Uint8Array(45).fill(3)], 'clip.mp4', { type: 'video/mp4' });
    const now = Date.now();
    store.set(await resumeKey(file, {}), { uploadTokenId: TOKEN, chunkSize: 20, fileSize: 45, createdAt: now, updatedAt: now });
    const fake = new FakeTransport();
    const upload = new ChunkedUpload(file, { serviceUrl: 'https://k.test', ks: 'k', chunkSize: 10, concurrency: 2, resumeStore: store, transport: fake.transport });
    const done = upload.start();
    const get = await fake.nextRequest();
    assert.equal(get.name, 'uploadtoken.get');
    get.respond(token(TOKEN, 1, 25));
    const a = await fake.nextRequest();
    assert.equal(chunkOf(a), 'true@25 10', 'from the server\'s offset, in the chunk size of this upload');
    await settle();
    assert.lengthOf(fake.waiting, 0, 'the first chunk of a plan goes alone');
    answerChunk(a);
    const final = await fake.nextRequest();
    assert.equal(chunkOf(final), 'true@35 final 10');
    answerChunk(final);
    await answerEntry(fake);
    await done;
    assert.equal(upload.resumedFrom, 25);
  });
});
