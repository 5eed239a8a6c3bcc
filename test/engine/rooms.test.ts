// The engine's rooms on their own, where a rule is easiest to see: options resolved once (defaults
// and checks), the run control's gate (pause, resume, stop), the KS replacement rule, and the
// exported resume helpers against the real local API.
import { assert } from '@esm-bundle/chai';
import {
  ChunkedUpload, DEFAULT_CHUNK_SIZE, DEFAULT_CONCURRENCY, MemoryResumeStore, forgetInterruptedUpload, listInterruptedUploads, resumeKey,
} from '../../src/index.js';
import { KsSession } from '../../src/engine/ks-session.js';
import { ChunkTransfer } from '../../src/engine/chunk-transfer.js';
import { blobSource } from '../../src/engine/chunk-plan.js';
import { FakeTransport, exception } from './fake-transport.js';
import { callContext, resolveOptions } from '../../src/engine/options.js';
import { UploadMachine } from '../../src/engine/upload-machine.js';
import { UploadError } from '../../src/errors.js';
import { resetServer, setFaults, tokenInfo, userKs } from '../helpers/kaltura-server.js';
import { patternedFile } from './upload-helpers.js';

const file = new File(['abc'], 'a.mp4', { type: 'video/mp4' });
const base = { serviceUrl: 'https://k.test', ks: 'ks' };

describe('resolveOptions', () => {
  it('fills in every default once', () => {
    const o = resolveOptions(file, base);
    assert.include(o, { concurrency: DEFAULT_CONCURRENCY, fileName: 'a.mp4', resumeMaxAge: 86_400_000, attachFirst: false });
    assert.equal(DEFAULT_CONCURRENCY, 6);
    assert.isUndefined(o.chunkSize, 'no chunk size: the engine sizes chunks itself');
    assert.equal(DEFAULT_CHUNK_SIZE, 16 * 1024 * 1024, 'still exported, for a fixed size');
    assert.deepEqual(o.retry, { retries: 8, minDelay: 500, maxDelay: 20_000 });
  });

  it('keeps what the caller set, retry fields merged over the defaults', () => {
    const o = resolveOptions(new Blob(['x']), { ...base, fileName: 'b.mov', chunkSize: 7, retry: { retries: 2 } });
    assert.include(o, { fileName: 'b.mov', chunkSize: 7 });
    assert.deepEqual(o.retry, { retries: 2, minDelay: 500, maxDelay: 20_000 });
  });

  const bad: [label: string, blob: Blob, options: object, code: string][] = [
    ['a relative serviceUrl', file, { ...base, serviceUrl: '/api' }, 'INVALID_OPTIONS'],
    ['no ks', file, { serviceUrl: base.serviceUrl }, 'INVALID_OPTIONS'],
    ['a nameless Blob', new Blob(['x']), base, 'INVALID_OPTIONS'],
    ['a fractional chunkSize', file, { ...base, chunkSize: 1.5 }, 'INVALID_OPTIONS'],
    ['concurrency 0', file, { ...base, concurrency: 0 }, 'INVALID_OPTIONS'],
    ['an empty file', new File([], 'e.mp4'), base, 'EMPTY_FILE'],
    ['a file over maxFileSize', file, { ...base, maxFileSize: 2 }, 'FILE_TOO_LARGE'],
  ];
  for (const [label, blob, options, code] of bad) {
    it(`refuses ${label} with ${code}`, () => {
      const error = (() => {
        try {
          resolveOptions(blob, options as never);
        } catch (e) {
          return e;
        }
      })();
      assert.instanceOf(error, UploadError);
      assert.equal((error as UploadError).code, code);
    });
  }

  it('gives calls outside an upload the same settings: defaults, and the caller\'s when set', () => {
    const signal = new AbortController().signal;
    assert.include(callContext(base, 'k', signal), { clientTag: 'kaltura-chunked-upload', stallTimeout: 30_000, answerTimeout: 120_000, ks: 'k' });
    assert.include(callContext({ ...base, clientTag: 'app', responseTimeout: 5 }, 'k', signal), { clientTag: 'app', answerTimeout: 5 });
  });
});

describe('UploadMachine', () => {
  it('holds the gate while paused, aborting what was in flight with PAUSED, and opens it on resume', async () => {
    const control = new UploadMachine();
    control.set({ state: 'uploading' });
    const before = control.signal;
    assert.isTrue(control.pause());
    assert.equal(control.status.state, 'paused');
    assert.equal((before.reason as UploadError).code, 'PAUSED');
    assert.isFalse(control.signal.aborted, 'requests after the pause get a live signal');
    let passed = false;
    const gate = control.gate().then(() => (passed = true));
    await Promise.resolve();
    assert.isFalse(passed);
    assert.isTrue(control.resume());
    assert.equal(control.status.state, 'uploading');
    await gate;
    assert.isTrue(passed);
    assert.isFalse(control.resume(), 'nothing to resume');
  });

  it('pauses in idle; what the run reaches meanwhile is where resume() goes; finalizing refuses a pause', () => {
    const seen: string[] = [];
    const control = new UploadMachine((status, previous) => seen.push(`${previous}>${status.state}`));
    assert.isTrue(control.pause(), 'idle: accepted');
    control.set({ state: 'uploading' });
    assert.equal(control.status.state, 'paused', 'the run moving on does not end the pause');
    control.resume();
    control.set({ state: 'finalizing' });
    assert.isFalse(control.pause());
    control.set({ state: 'retrying', error: new UploadError('TIMEOUT', 't'), attempt: 1, retryInMs: 5 });
    assert.isFalse(control.pause(), 'nor a retry of a finalizing call');
    assert.deepEqual(seen, ['idle>paused', 'paused>uploading', 'uploading>finalizing', 'finalizing>retrying']);
  });

  it('halts for good: the first reason wins, the gate throws it, a paused gate opens; final states stay', async () => {
    const control = new UploadMachine();
    control.pause();
    const gate = control.gate().then(() => null, (e: UploadError) => e);
    control.halt(new UploadError('CANCELLED', 'c'), { state: 'cancelled' });
    control.halt(new UploadError('NETWORK_ERROR', 'n'));
    assert.equal((await gate)?.code, 'CANCELLED');
    assert.equal(control.stopped?.code, 'CANCELLED');
    assert.equal(control.status.state, 'cancelled');
    assert.isFalse(control.pause(), 'no pause after a cancel');
    control.set({ state: 'uploading' });
    assert.equal(control.status.state, 'cancelled');
    control.restart();
    assert.equal(control.stopped?.code, 'CANCELLED', 'a cancel is never undone');
  });

  it('restart() clears a failure and gives a live signal', async () => {
    const control = new UploadMachine();
    control.halt(new UploadError('UPLOAD_TOKEN_NOT_FOUND', 'gone'));
    assert.isTrue(control.signal.aborted);
    control.restart();
    assert.isUndefined(control.stopped);
    assert.isFalse(control.signal.aborted);
    await control.gate();
  });
});

describe('ChunkTransfer', () => {
  it('a chunk that fails for good stops counting as in flight (its bytes no longer count as sent)', async () => {
    // Old main deleted the chunk from the in-flight map only after a success.
    const fake = new FakeTransport();
    const file = new File([new Uint8Array(30)], 'a.mp4');
    const options = resolveOptions(file, { serviceUrl: 'https://transfer.test', ks: 'k', chunkSize: 10, transport: fake.transport, retry: { retries: 0, minDelay: 1, maxDelay: 1 } });
    const host = { options, ks: new KsSession('k'), control: new UploadMachine(), beforeAttempt: async () => {}, progressMark: () => 0, retrying: () => {} };
    const transfer = new ChunkTransfer(blobSource(file), 'a.mp4', host, { progress() {}, confirmed() {} });
    transfer.begin('0_t');
    const sending = transfer.send().then(() => null, (e: UploadError) => e);
    const first = await fake.nextRequest();
    first.progress(first.file!.size);
    assert.equal(transfer.sent, 10, 'its bytes are on their way');
    first.respond(exception('UPLOAD_ERROR'));
    assert.equal((await sending)?.code, 'UPLOAD_ERROR');
    assert.equal(transfer.sent, 0, 'and no longer once it failed');
  });
});

describe('KsSession', () => {
  it('replaces a refused KS once per failed KS, again only if the replacement had worked', async () => {
    let n = 0;
    const ks = new KsSession(() => `ks-${++n}`);
    await ks.load();
    assert.equal(ks.current, 'ks-1');
    assert.isTrue(ks.mayReplace('ks-1', undefined), 'first refusal: replace');
    await Promise.all([ks.replace('ks-1'), ks.replace('ks-1')]);
    assert.equal(ks.current, 'ks-2', 'one refresh for both requests');
    assert.isFalse(ks.mayReplace('ks-2', 'ks-2'), 'the fresh KS is refused too: give up');
    ks.worked('ks-2');
    assert.isTrue(ks.mayReplace('ks-2', 'ks-2'), 'it had worked: it expired later, replace again');
  });

  it('says a KS function that rejects or gives no string is KS_PROVIDER_FAILED, retryable (the request loop waits and asks again)', async () => {
    for (const source of [() => '', () => ({ error: 'bad gateway' }) as unknown as string, () => Promise.reject(new Error('502')), () => { throw new Error('sync'); }]) {
      const error = await new KsSession(source).load().then(() => null, (e: UploadError) => e);
      assert.equal(error?.code, 'KS_PROVIDER_FAILED');
      assert.isTrue(error?.retryable);
    }
  });
});

describe('interrupted uploads, without the element', function () {
  this.timeout(60_000);
  beforeEach(resetServer);

  it('lists an upload that stopped half-way, under the key resumeKey() gives, and forgets it with its token', async () => {
    const ks = await userKs();
    const store = new MemoryResumeStore();
    const big = patternedFile(300 * 1024, 'lecture.mp4', 'video/mp4');
    await setFaults([{ kind: 'http500', action: 'upload', finalChunk: true }]);
    const upload = new ChunkedUpload(big, { serviceUrl: location.origin, ks, chunkSize: 64 * 1024, resumeStore: store, retry: { retries: 0 } });
    const failed = await upload.start().then(() => null, (e) => e);
    assert.equal(failed?.code, 'HTTP_ERROR');
    const [listed, ...rest] = await listInterruptedUploads(store);
    assert.isEmpty(rest);
    assert.equal(listed.key, await resumeKey(big, {}));
    assert.include(listed, { fileName: 'lecture.mp4', fileSize: big.size, uploadTokenId: upload.uploadTokenId });
    assert.isEmpty(await listInterruptedUploads(store, { inUse: (key) => key === listed.key }), 'a file still in use is left out');
    await forgetInterruptedUpload(store, listed.key, { serviceUrl: location.origin, ks: async () => ks });
    assert.isEmpty(await listInterruptedUploads(store));
    assert.equal((await tokenInfo(listed.uploadTokenId))?.status, 5, 'the token is deleted on the server');
  });
});
