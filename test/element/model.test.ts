// A model-based test of <kaltura-uploader> (fast-check `fc.commands` / `fc.asyncModelRun`): random
// sequences of what a person and a page do (add files, click Pause / Resume / Cancel / Retry /
// Remove on a row, the element's own pause() / resume() / cancel(), take the element out of the
// document and put it back) while the local API misbehaves (HTTP 503s, dropped connections, slow
// answers), in a real browser over HTTP. After every step: one row per file still listed, in
// order, each showing what its engine last said. At the end, with the faults off and paused or
// failed rows resumed or retried: no row stuck, every completed file's entry holds exactly its
// bytes, no upload token of the user left open, no entry left in IMPORT or NO_CONTENT, one entry
// per completion, and no object URL left once the element is gone. Fixed seed, bounded time.
import { assert } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import fc from 'fast-check';
import type { KalturaUploaderElement } from '../../src/element/kaltura-uploader.js';
import { entryInfo, resetServer, setFaults, sha256Hex, userKs, type FaultRule } from '../helpers/kaltura-server.js';
import { makeWebm } from '../helpers/media-files.js';
import { watchObjectUrls, type ObjectUrlWatch } from '../helpers/object-urls.js';
import { entriesOf, openTokensOf, patternedFile } from '../engine/upload-helpers.js';
import { mountUploader, rows, unmountAll, waitFor } from './uploader-fixture.js';

/** `npm test`'s fixed seed and count; `npm run soak -- --model --element` runs many (MODEL_SEED / MODEL_SEQUENCES through the server command `modelConfig`). */
const SEED = 2112;
const RUNS = 40;
const KiB = 1024;
/** Every response a little late, so rows are seen uploading, retrying and finalizing. */
const BASE_FAULTS: FaultRule[] = [{ kind: 'latency', action: 'upload', ms: 60 }];
const FAULTS: Record<string, FaultRule[]> = {
  none: [],
  '503 twice': [{ kind: 'http503', action: 'upload', times: 2 }],
  'dropped chunk': [{ kind: 'drop', action: 'upload', afterBytes: 20 * KiB, times: 1 }],
  'slow entry': [{ kind: 'latency', service: 'multirequest', ms: 400 }],
};
/** States only an engine gives a row (queued, idle, paused and cancelled the queue may set by itself). */
const ENGINE_ONLY = new Set(['uploading', 'retrying', 'finalizing', 'complete', 'error']);
const ROW_STATES = new Set(['queued', 'idle', 'uploading', 'paused', 'retrying', 'finalizing', 'complete', 'error', 'cancelled', 'rejected']);

interface Model {
  /** The files with a row, in order. */
  files: File[];
  connected: boolean;
}

interface Real {
  el: KalturaUploaderElement;
  parent: Node;
  /** The last engine state each file reported (a File added twice: undefined, not compared). */
  lastState: Map<File, string>;
  added: Map<File, number>;
  completions: { file: File; entryId: string }[];
  log: string[];
}

const stateOf = (li: HTMLLIElement) => li.dataset.state ?? '';

/** Lets every update the element asked for render (only in the document: out of it, updates wait). */
async function rendered(el: KalturaUploaderElement): Promise<void> {
  do await el.updateComplete;
  while (el.isUpdatePending);
}

/** The invariants that hold after every step. */
async function check(m: Model, r: Real): Promise<void> {
  if (!m.connected) return;
  await rendered(r.el);
  const shown = rows(r.el);
  assert.equal(shown.length, m.files.length, `one row per file listed (${r.log.join(' · ')})`);
  shown.forEach((li, i) => {
    const state = stateOf(li);
    const file = m.files[i]!;
    assert.isTrue(ROW_STATES.has(state), `a known state: ${state}`);
    assert.equal(li.querySelector('[part="name"]')?.textContent, file.name, 'rows in the order the files were added');
    assert.notEqual(state, 'rejected', 'no file here is refused');
    const engine = r.added.get(file) === 1 ? r.lastState.get(file) : undefined;
    if (engine !== undefined && ENGINE_ONLY.has(state)) assert.equal(state, engine, `${file.name}'s row shows what its engine said (${r.log.join(' · ')})`);
  });
}

type Command = fc.AsyncCommand<Model, Real>;

class AddFiles implements Command {
  constructor(readonly sizes: number[], readonly video: boolean) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const files = this.sizes.map((size) => patternedFile(size, `f${m.files.length}-${size}.bin`, 'application/octet-stream'));
    if (this.video) files.push(await sharedVideo());
    for (const f of files) r.added.set(f, (r.added.get(f) ?? 0) + 1);
    r.el.addFiles(files);
    m.files.push(...files);
    r.log.push(this.toString());
    await check(m, r);
  }
  toString = () => `add(${this.sizes.join(',')}${this.video ? ',video' : ''})`;
}

class RowAction implements Command {
  constructor(readonly action: 'pause' | 'resume' | 'cancel' | 'retry' | 'remove', readonly index: number) {}
  check = (m: Readonly<Model>) => m.connected && m.files.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    await rendered(r.el);
    const i = this.index % m.files.length;
    const button = rows(r.el)[i]?.querySelector<HTMLButtonElement>(`button[part~="${this.action}-button"]`);
    r.log.push(`${this.action}#${i}${button ? '' : '(no button)'}`);
    // A person clicks only a button that is there.
    if (button) {
      button.click();
      if (this.action === 'remove') m.files.splice(i, 1);
    }
    await check(m, r);
  }
  toString = () => `${this.action}#${this.index}`;
}

class ElementAction implements Command {
  constructor(readonly action: 'pause' | 'resume' | 'cancel') {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    // Not awaited: a person's cancel does not wait for the clean-up (the end of the sequence does).
    void r.el[this.action]();
    r.log.push(`el.${this.action}()`);
    await check(m, r);
  }
  toString = () => `el.${this.action}()`;
}

class Disconnect implements Command {
  check = (m: Readonly<Model>) => m.connected;
  async run(m: Model, r: Real): Promise<void> {
    r.el.remove();
    m.connected = false;
    r.log.push('disconnect');
  }
  toString = () => 'disconnect';
}

class Reconnect implements Command {
  check = (m: Readonly<Model>) => !m.connected;
  async run(m: Model, r: Real): Promise<void> {
    r.parent.appendChild(r.el);
    m.connected = true;
    r.log.push('reconnect');
    await check(m, r);
  }
  toString = () => 'reconnect';
}

class Faults implements Command {
  constructor(readonly name: string) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    await setFaults([...BASE_FAULTS, ...FAULTS[this.name]!]);
    r.log.push(`faults(${this.name})`);
    await check(m, r);
  }
  toString = () => `faults(${this.name})`;
}

class Wait implements Command {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.ms));
    r.log.push(`wait(${this.ms})`);
    await check(m, r);
  }
  toString = () => `wait(${this.ms})`;
}

const addFiles = fc.tuple(fc.array(fc.integer({ min: 1, max: 1200 * KiB }), { minLength: 1, maxLength: 3 }), fc.boolean()).map(([sizes, video]) => new AddFiles(sizes, video));
const rowAction = fc.tuple(fc.constantFrom('pause', 'resume', 'cancel', 'retry', 'remove') as fc.Arbitrary<RowAction['action']>, fc.nat(9)).map(([a, i]) => new RowAction(a, i));
// Row actions twice over: they are what a person does most, and most of the states they meet.
const commands = [
  addFiles,
  rowAction,
  rowAction,
  fc.constantFrom('pause', 'resume', 'cancel').map((a) => new ElementAction(a as ElementAction['action'])),
  fc.constant(new Disconnect()),
  fc.constant(new Reconnect()),
  fc.constantFrom(...Object.keys(FAULTS)).map((name) => new Faults(name)),
  fc.integer({ min: 20, max: 400 }).map((ms) => new Wait(ms)),
];

let video: Promise<File> | undefined;
/** One short WebM (its preview has a poster: an object URL), made once. */
const sharedVideo = () => (video ??= makeWebm('clip.webm', 0.4, 160, 120));

/** Every object URL the page made and did not revoke (while the test runs). */
let urls: ObjectUrlWatch;

/** Faults off, the element back, paused rows resumed and failed ones retried, until every row is complete or cancelled. */
async function settle(m: Model, r: Real): Promise<void> {
  await setFaults(BASE_FAULTS);
  if (!m.connected) await new Reconnect().run(m, r);
  const end = Date.now() + 45_000;
  for (;;) {
    await rendered(r.el);
    const states = rows(r.el).map(stateOf);
    if (states.every((s) => s === 'complete' || s === 'cancelled')) return;
    if (Date.now() > end) assert.fail(`rows stuck: ${states.join(', ')} after ${r.log.join(' · ')}`);
    for (const li of rows(r.el)) {
      const state = stateOf(li);
      if (state === 'paused') li.querySelector<HTMLButtonElement>('button[part~="resume-button"]')?.click();
      if (state === 'error') li.querySelector<HTMLButtonElement>('button[part~="retry-button"]')?.click();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('<kaltura-uploader> under random use (model-based)', function () {
  this.timeout(150_000);
  before(() => (urls = watchObjectUrls()));
  after(async () => {
    urls.stop();
    await unmountAll();
    await resetServer();
  });

  it(`random sequences (${RUNS} from seed ${SEED} unless a soak sets them): rows follow their engines, nothing stuck, whole entries, nothing left behind`, async function () {
    const config = (await executeServerCommand<{ result: { seed?: number; sequences?: number } }, unknown>('kaltura:modelConfig')).result;
    const { seed = SEED, sequences = RUNS } = config;
    this.timeout(Math.max(150_000, sequences * 8_000));
    await sharedVideo();
    let run = 0;
    const totals = { steps: 0, completed: 0 };
    const report = await fc.check(
      fc.asyncProperty(addFiles, fc.commands(commands, { maxCommands: 20, size: 'large' }), (first, cmds) => sequence(first, cmds).catch((e: Error) => {
        console.error(`failed: ${e.message}`); // fast-check's report names the sequence, this says what broke
        throw e;
      })),
      { seed, numRuns: sequences, endOnFailure: true },
    );
    console.log(`MODEL sequences: ${report.numRuns}, violations: ${report.failed ? 1 : 0}, seed: ${seed}, steps: ${totals.steps}, uploads completed: ${totals.completed}`);
    if (report.failed) assert.fail(fc.defaultReportMessage(report));
    async function sequence(first: Command, cmds: Iterable<Command>): Promise<void> {
        await resetServer();
        await setFaults(BASE_FAULTS);
        const ks = await userKs({ userId: `model-${seed}-${++run}-${Math.random().toString(36).slice(2, 8)}` });
        const el = await mountUploader(
          { multiple: true, 'chunk-size': String(64 * KiB), 'max-parallel-files': '2', concurrency: '3' },
          { ks, uploadOptions: { retry: { retries: 12, minDelay: 20, maxDelay: 200 } } },
        );
        const real: Real = { el, parent: el.parentNode!, lastState: new Map(), added: new Map(), completions: [], log: [] };
        el.addEventListener('kaltura-upload-statechange', (e) => real.lastState.set(e.detail.file, e.detail.state));
        el.addEventListener('kaltura-upload-complete', (e) => real.completions.push({ file: e.detail.file, entryId: e.detail.entryId }));
        const model: Model = { files: [], connected: true };
        await fc.asyncModelRun(() => ({ model, real }), [first, ...cmds]);
        await settle(model, real);

        const trail = real.log.join(' · ');
        for (const { file, entryId } of real.completions) {
          const entry = await entryInfo(entryId);
          assert.equal(entry?.sha256, await sha256Hex(file), `${file.name}: the entry holds exactly the file (${trail})`);
        }
        // A failed upload whose row was removed stays resumable by design (an interrupted upload): its person forgets it.
        for (const u of await el.interruptedUploads()) await el.forgetInterruptedUpload(u.key);
        // A cancel is immediate, its clean-up is not: a call already out is let finish first (a
        // slow entry: 400 ms), then the deletes go, each retried. el.cancel() settles once the
        // rows' clean-ups are done; a removed row's has no promise left to wait on.
        await el.cancel();
        const cleaned = Date.now() + 10_000;
        let open: string[], entries: Awaited<ReturnType<typeof entriesOf>>;
        const clean = () => open.length === 0 && entries.length === real.completions.length;
        do {
          open = await openTokensOf(ks);
          entries = await entriesOf(ks);
        } while (!clean() && Date.now() < cleaned && (await new Promise((resolve) => setTimeout(resolve, 100)), true));
        assert.deepEqual(open, [], `no upload token left open: ${open} (${trail})`);
        assert.deepEqual(entries.filter((e) => e.status === 0 || e.status === 7), [], `no entry in IMPORT or NO_CONTENT (${trail})`);
        assert.equal(entries.length, real.completions.length, `one entry per completed upload (${trail})`);
        el.remove();
        // A file still being read for its preview holds its own object URL until the read ends (a few seconds at most).
        await waitFor(() => urls.live.size === 0, `no object URL left once the element is gone (${trail})`, 10_000);
        totals.steps += real.log.length;
        totals.completed += real.completions.length;
    }
  });
});
