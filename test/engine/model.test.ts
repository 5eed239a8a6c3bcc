// The engine against a model of what a person relies on, with fast-check's model-based testing
// (`fc.commands` + `fc.asyncModelRun`): random sequences of start, pause, resume, cancel, a slow or
// failing KS function, server faults (the local API's own fault injection), a failing resume store
// and page reloads (a new ChunkedUpload with the same store, the old one dropped), against the
// real local API. After every step:
// - `start()` settles at most once, and a cancelled upload is `cancelled` at once;
// - while `paused`, nothing is sent (the server's log: no new request, but a call that makes
//   something and was already out);
// After the sequence (faults off, resumed): `start()` settles exactly once; a completed upload's
// entry holds exactly the file's bytes (sha256 on the server); no open token and no entry without
// content of that user is left, but those of uploads dropped by a reload that no later upload took
// over (a dead page cannot clean up; the token expires on the server).
// `npm test` runs a fixed seed and a few sequences; `npm run soak -- --model --sequences 500`
// runs many (MODEL_SEED / MODEL_SEQUENCES reach this page through the server command `modelConfig`).
import { assert } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import fc from 'fast-check';
import { ChunkedUpload, MemoryResumeStore, UploadError, type ResumeRecord, type ResumeStore, type UploadResult } from '../../src/index.js';
import { entryInfo, requestLog, resetServer, setFaults, sha256Hex, tokenInfo, type FaultRule } from '../helpers/kaltura-server.js';
import { entriesOf, freshUserKs, patternedFile } from './upload-helpers.js';

const KiB = 1024;
const chunk = 64 * KiB;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A resume store that throws while `failing` (a full or blocked localStorage). */
class FlakyStore implements ResumeStore {
  failing = false;
  readonly inner = new MemoryResumeStore();
  #check() {
    if (this.failing) throw new Error('store unavailable');
  }
  get(key: string) { this.#check(); return this.inner.get(key); }
  set(key: string, record: ResumeRecord) { this.#check(); this.inner.set(key, record); }
  remove(key: string) { this.#check(); this.inner.remove(key); }
  entries() { this.#check(); return this.inner.entries(); }
}

interface Tracked {
  upload: ChunkedUpload;
  started: boolean;
  settled: number;
  outcome?: UploadResult | UploadError;
  /** Dropped by a reload. */
  abandoned: boolean;
  cancelled: boolean;
}

/** The real system of one sequence. */
class World {
  ks = '';
  file = patternedFile(3 * chunk + 17, 'model.mp4', 'video/mp4');
  store = new FlakyStore();
  ksDelay = 0;
  ksFailures = 0;
  pausedAt?: number;
  uploads: Tracked[] = [];
  log: string[] = [];
  constructor(readonly attachFirst: boolean) {}

  get current(): Tracked {
    return this.uploads.at(-1)!;
  }

  fresh(): void {
    const upload = new ChunkedUpload(this.file, {
      serviceUrl: location.origin,
      ks: async () => {
        if (this.ksDelay) await sleep(this.ksDelay);
        if (this.ksFailures > 0 && this.ksFailures--) {
          if (this.ksFailures % 2) throw new Error('KS endpoint: 502');
          return { error: 'bad gateway' } as unknown as string; // `.json()` of an error page
        }
        return this.ks;
      },
      chunkSize: chunk, concurrency: 2, resumeStore: this.store, attachFirst: this.attachFirst,
      retry: { retries: 8, minDelay: 10, maxDelay: 80 }, stallTimeout: 4000,
    });
    this.uploads.push({ upload, started: false, settled: 0, abandoned: false, cancelled: false });
    this.pausedAt = undefined;
  }

  start(t: Tracked): void {
    t.started = true;
    t.upload.start().then(
      (r) => ((t.settled += 1), (t.outcome = r)),
      (e: UploadError) => ((t.settled += 1), (t.outcome = e)),
    );
  }

  /** The invariants that hold after every step. */
  async check(): Promise<void> {
    for (const t of this.uploads) assert.isAtMost(t.settled, 1, 'start() settles once');
    const { upload } = this.current;
    if (upload.state !== 'paused' || this.pausedAt === undefined) return;
    // Requests from other uploads of this sequence (one dropped while finalizing goes on) cannot be told apart: skip then.
    if (this.uploads.some((t) => t !== this.current && !['paused', 'complete', 'error', 'cancelled'].includes(t.upload.state))) return;
    const since = this.pausedAt + 400; // what was already out by then arrives first
    const sent = (await requestLog()).filter((r) => r.item === undefined && r.at > since && r.outcome !== 'aborted' && !['uploadtoken.add', 'multirequest.'].includes(`${r.service}.${r.action}`));
    assert.deepEqual(sent.map((r) => `${r.service}.${r.action}`), [], `nothing is sent while paused (${this.log.join(' ')})`);
  }
}

type Model = { started: boolean };
type Cmd = fc.AsyncCommand<Model, World>;

class Start implements Cmd {
  check = (m: Readonly<Model>) => !m.started;
  async run(m: Model, w: World) {
    m.started = true;
    w.log.push('start');
    w.start(w.current);
    await w.check();
  }
  toString = () => 'start';
}

class Pause implements Cmd {
  check = () => true;
  async run(_m: Model, w: World) {
    const { upload } = w.current;
    const before = upload.state;
    upload.pause();
    w.log.push(`pause(${before})`);
    if (['idle', 'uploading', 'retrying'].includes(before) && upload.status.state !== 'paused') {
      // Only a retry of a finalizing call refuses it.
      assert.notInclude(['idle', 'uploading'], before, `pause() in ${before} is taken`);
    }
    if (upload.state === 'paused') w.pausedAt ??= Date.now();
    await w.check();
  }
  toString = () => 'pause';
}

class Resume implements Cmd {
  check = () => true;
  async run(_m: Model, w: World) {
    const { upload } = w.current;
    const before = upload.state;
    upload.resume();
    w.log.push(`resume(${before})`);
    if (before === 'paused') {
      assert.notEqual(upload.state, 'paused', 'resume() leaves paused');
      w.pausedAt = undefined;
    }
    await w.check();
  }
  toString = () => 'resume';
}

class Cancel implements Cmd {
  check = () => true;
  async run(m: Model, w: World) {
    const t = w.current;
    const before = t.upload.state;
    const done = t.upload.cancel();
    w.log.push(`cancel(${before})`);
    if (!['complete', 'error'].includes(before)) {
      assert.equal(t.upload.state, 'cancelled', 'cancelled at once');
      t.cancelled = true;
      t.upload.pause();
      assert.equal(t.upload.state, 'cancelled', 'a pause after cancel does nothing');
    }
    await done;
    await w.check();
    // The person picks the file again.
    w.fresh();
    m.started = false;
  }
  toString = () => 'cancel';
}

class Reload implements Cmd {
  check = () => true;
  async run(m: Model, w: World) {
    const t = w.current;
    // The page goes: what is in flight is cut (a pause aborts it); the object is never used again.
    t.upload.pause();
    t.abandoned = true;
    w.log.push(`reload(${t.upload.state})`);
    await sleep(300);
    w.fresh();
    m.started = false;
    await w.check();
  }
  toString = () => 'reload';
}

class Wait implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(_m: Model, w: World) {
    await sleep(this.ms);
    await w.check();
  }
  toString = () => `wait(${this.ms})`;
}

class SlowKs implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(_m: Model, w: World) {
    w.ksDelay = this.ms;
    w.log.push(`ksDelay(${this.ms})`);
    await w.check();
  }
  toString = () => `slowKs(${this.ms})`;
}

class FailingKs implements Cmd {
  constructor(readonly times: number) {}
  check = () => true;
  async run(_m: Model, w: World) {
    w.ksFailures = this.times;
    w.log.push(`ksFails(${this.times})`);
    await w.check();
  }
  toString = () => `failingKs(${this.times})`;
}

class Fault implements Cmd {
  constructor(readonly rule: FaultRule) {}
  check = () => true;
  async run(_m: Model, w: World) {
    await setFaults([this.rule]);
    w.log.push(`fault(${this.rule.kind} ${this.rule.service ?? ''}.${this.rule.action ?? ''})`);
    await w.check();
  }
  toString = () => `fault(${JSON.stringify(this.rule)})`;
}

class FailingStore implements Cmd {
  constructor(readonly failing: boolean) {}
  check = () => true;
  async run(_m: Model, w: World) {
    w.store.failing = this.failing;
    w.log.push(`store(${this.failing ? 'fails' : 'works'})`);
    await w.check();
  }
  toString = () => `store(${this.failing ? 'fails' : 'works'})`;
}

const faults: FaultRule[] = [
  { kind: 'http503', service: 'uploadToken', action: 'upload', times: 1 },
  { kind: 'drop', service: 'uploadToken', action: 'upload', times: 1 },
  { kind: 'http500', service: 'uploadToken', action: 'add', times: 1 },
  { kind: 'loseAnswer', service: 'uploadToken', action: 'add', times: 1 },
  { kind: 'loseAnswer', service: 'uploadToken', action: 'upload', finalChunk: true, times: 1 },
  { kind: 'loseAnswer', service: 'media', action: 'add', times: 1 },
  { kind: 'exception', service: 'media', action: 'addContent', code: 'INTERNAL_DATABASE_ERROR', times: 1 },
  { kind: 'exception', service: 'uploadToken', action: 'get', times: 1 },
  { kind: 'latency', ms: 120 },
  { kind: 'stall', service: 'uploadToken', action: 'upload', ms: 300, times: 2 },
];

const commands = [
  fc.constant(new Start()),
  fc.constant(new Pause()),
  fc.constant(new Resume()),
  fc.constant(new Cancel()),
  fc.constant(new Reload()),
  fc.integer({ min: 20, max: 400 }).map((ms) => new Wait(ms)),
  fc.integer({ min: 0, max: 600 }).map((ms) => new SlowKs(ms)),
  fc.integer({ min: 1, max: 2 }).map((n) => new FailingKs(n)),
  fc.constantFrom(...faults).map((rule) => new Fault(rule)),
  fc.boolean().map((failing) => new FailingStore(failing)),
];

/** The user's tokens that still take bytes (status 0, 1, 2). */
async function openTokens(ks: string): Promise<string[]> {
  const res = await fetch(`${location.origin}/api_v3/service/uploadtoken/action/list?format=1`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ks, format: 1, filter: { objectType: 'KalturaUploadTokenFilter', statusIn: '0,1,2' }, pager: { pageSize: 500 } }),
  });
  return ((await res.json()).objects ?? []).map((t: { id: string }) => t.id);
}

/** Ends a sequence as a person would (faults gone, resumed, started) and checks what is left. */
async function finish(w: World): Promise<void> {
  await setFaults([]);
  Object.assign(w, { ksDelay: 0, ksFailures: 0 });
  w.store.failing = false;
  const t = w.current;
  if (!t.started) w.start(t);
  t.upload.resume();
  for (const began = Date.now(); !t.settled && Date.now() - began < 60_000; ) await sleep(50);
  assert.equal(t.settled, 1, `start() settled exactly once (${t.upload.state}; ${w.log.join(' ')})`);
  const outcome = t.outcome!;
  assert.notInstanceOf(outcome, UploadError, `the last upload completes (${(outcome as UploadError).code}: ${(outcome as UploadError).message}; ${w.log.join(' ')})`);
  const result = outcome as UploadResult;
  assert.equal((await entryInfo(result.entryId))?.sha256, await sha256Hex(w.file), 'the entry holds exactly the file');
  assert.equal((await tokenInfo(result.uploadTokenId))?.status, 3, 'its token went into it');
  // Settle what dropped uploads still had out.
  await sleep(200);
  const taken = new Set(w.uploads.filter((u) => !u.abandoned).map((u) => u.upload.uploadTokenId));
  const mayStay = new Set(w.uploads.filter((u) => u.abandoned && u.upload.uploadTokenId && !taken.has(u.upload.uploadTokenId)).map((u) => u.upload.uploadTokenId));
  // Also allowed: empty tokens from uploadToken.add answers the server lost, at most one each. The
  // browser may send such a request again by itself (Chromium does, on a reset connection), and
  // the page never learns the first token's id; one the engine's own retry follows is deleted
  // (lost-tokens.ts, exactly-one-entry.test.ts).
  const lostAdds = (await requestLog()).filter((r) => r.service === 'uploadtoken' && r.action === 'add' && r.faults?.includes('loseAnswer')).length;
  const open: string[] = [];
  let unknowable = 0;
  for (const id of await openTokens(w.ks)) {
    if (mayStay.has(id)) continue;
    const token = await tokenInfo(id);
    if (token?.status === 0 && !token.size && unknowable < lostAdds) unknowable++;
    else open.push(id);
  }
  assert.deepEqual(open, [], `no open token of this user but a dropped page's or an empty one whose add answer was lost (${w.log.join(' ')})`);
  for (const e of await entriesOf(w.ks)) {
    if (e.status !== 0 && e.status !== 7) continue;
    const info = await entryInfo(e.id);
    assert.isTrue(mayStay.has(info?.uploadTokenId) || (e.status === 7 && mayStay.size > 0), `entry ${e.id} left in status ${e.status} (${w.log.join(' ')})`);
  }
}

/** Runs `sequences` random sequences from `seed`; returns fast-check's report. */
export async function runModel(seed: number, sequences: number, path?: string) {
  return fc.check(
    fc.asyncProperty(fc.boolean(), fc.commands(commands, { maxCommands: 8 }), async (attachFirst, cmds) => {
      await resetServer();
      const world = new World(attachFirst);
      world.ks = await freshUserKs();
      world.fresh();
      await fc.asyncModelRun(() => ({ model: { started: false }, real: world }), cmds);
      // Dropped uploads hold at their gate for good, as a closed page's would.
      await finish(world);
    }),
    { seed, numRuns: sequences, endOnFailure: true, ...(path && { path }) },
  );
}

describe('ChunkedUpload against its model (fast-check, real local API)', function () {
  this.timeout(0);

  it('random sequences of start, pause, resume, cancel, reloads, KS and store failures and server faults keep every promise', async function () {
    const config = (await executeServerCommand<{ result: { seed?: number; sequences?: number; path?: string } }, unknown>('kaltura:modelConfig')).result;
    const { seed = 21, sequences = 10, path } = config;
    this.timeout(Math.max(90_000, sequences * 20_000));
    const report = await runModel(seed, sequences, path);
    // What broke, which fast-check's report leaves out once it stops at the first failure.
    if (report.failed) console.error(`failed: ${String((report as { errorInstance?: unknown }).errorInstance)}`);
    console.log(`MODEL sequences: ${report.numRuns}, violations: ${report.failed ? 1 : 0}, seed: ${seed}`);
    if (report.failed) assert.fail(`${fc.defaultReportMessage(report)}`);
  });
});
