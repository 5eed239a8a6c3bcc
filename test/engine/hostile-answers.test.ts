// Hostile answers do not fool the engine: property-based runs (fast-check) of whole uploads through
// the scriptable fake transport, where each request is carried out by a model of Kaltura
// (honest-kaltura.ts) or not, and its answer arrives as it is, garbled, or not at all: garbage and
// HTML pages, other HTTP statuses, wrong types, negative or too-large sizes, unknown statuses,
// numbers as strings, ids that are not strings, multirequest answers of the wrong length, Kaltura
// errors, lost answers and answers that never come; with pauses and cancels among them.
// Whatever happens: `start()` and `cancel()` settle, only UploadErrors are thrown, the requests are
// bounded, every chunk carries the right bytes for its offset, and `complete` only comes after
// answers that confirmed the whole file in a token and an entry, which, when nothing lied, really
// holds the file.
import { assert } from '@esm-bundle/chai';
import fc from 'fast-check';
import { ChunkedUpload, MemoryResumeStore, UploadError, isUploadError, resumeKey, type UploadResult } from '../../src/index.js';
import { FakeTransport, type FakeRequest } from './fake-transport.js';
import { HonestKaltura } from './honest-kaltura.js';

/** More requests than this for one small upload is a loop without bound. */
const MAX_REQUESTS = 300;
/** No request and no outcome for this long: something waits for ever. */
const SILENCE_MS = 3000;

type Directive =
  | { kind: 'honest' }
  | { kind: 'lost'; act: boolean } // the connection fails, after the server acted or before
  | { kind: 'hang' } // no answer at all; the engine's watchdog gives up
  | { kind: 'http'; status: number; act: boolean } // an HTML error page with that status
  | { kind: 'text'; text: string; act: boolean } // HTTP 200 with garbage or an HTML page
  | { kind: 'json'; value: unknown; act: boolean } // HTTP 200 with some other JSON value
  | { kind: 'mutate'; index: number; key: string; value: unknown } // the honest answer with one field replaced
  | { kind: 'exception'; code: string } // a Kaltura error, nothing done
  | { kind: 'length'; keep: number }; // a multirequest answer cut short or padded

const LIES = new Set(['text', 'json', 'mutate', 'length']);

const weird = fc.oneof(
  fc.constantFrom(null, -1, 0, 1, 2, 3, 4, 5, 6, 7, 99, 1e15, Number.MAX_SAFE_INTEGER, '1', '2', '3', '5', 'abc', 'NaN', '', true, false),
  fc.integer({ min: -1000, max: 1000 }),
  fc.string({ maxLength: 6 }),
  fc.constant({}),
  fc.constant([]),
);

const directive: fc.Arbitrary<Directive> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: 'honest' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('lost' as const), act: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'hang' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('http' as const), status: fc.constantFrom(0, 204, 301, 400, 404, 408, 429, 500, 502, 503), act: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      text: fc.oneof(fc.string(), fc.constantFrom('', '<html><body><h1>502 Bad Gateway</h1></body></html>', '{"objectType":"KalturaUpl', 'null)')),
      act: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('json' as const),
      value: fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.record({ id: weird, status: weird, uploadedFileSize: weird, objectType: fc.constantFrom('KalturaUploadToken', 'KalturaMediaEntry', 'Other') }, { requiredKeys: ['objectType'] }),
        fc.array(fc.record({ id: weird, status: weird, objectType: fc.constantFrom('KalturaMediaEntry', 'KalturaUploadToken') }), { maxLength: 4 }),
      ),
      act: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('mutate' as const), index: fc.nat(3), key: fc.constantFrom('id', 'status', 'uploadedFileSize', 'fileSize', 'objectType'), value: weird }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('exception' as const),
      code: fc.constantFrom('INVALID_KS', 'UPLOAD_TOKEN_NOT_FOUND', 'UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE', 'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD',
        'UPLOAD_TOKEN_CANNOT_RESUME', 'INTERNAL_SERVERL_ERROR', 'LOCK_TIMED_OUT', 'ENTRY_ID_NOT_FOUND', 'SOMETHING_NEW'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('length' as const), keep: fc.nat(4) }) },
);

interface Scenario {
  size: number;
  chunkSize: number;
  concurrency: number;
  attachFirst: boolean;
  ksFunction: boolean;
  /** A remembered upload to continue: its token's status and how much of the file it holds. */
  remembered: { status: number; share: number } | null;
  /** At the n-th request: pause (resumed right away), or cancel. */
  pauseAt: number | null;
  cancelAt: number | null;
  directives: Directive[];
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  size: fc.integer({ min: 1, max: 60 }),
  chunkSize: fc.integer({ min: 7, max: 25 }),
  concurrency: fc.integer({ min: 1, max: 3 }),
  attachFirst: fc.boolean(),
  ksFunction: fc.boolean(),
  remembered: fc.option(fc.record({ status: fc.integer({ min: 0, max: 5 }), share: fc.double({ min: 0, max: 1, noNaN: true }) }), { freq: 3 }),
  pauseAt: fc.option(fc.integer({ min: 1, max: 12 }), { freq: 3 }),
  cancelAt: fc.option(fc.integer({ min: 1, max: 12 }), { freq: 4 }),
  directives: fc.array(directive, { maxLength: 40 }),
});

const bytesOf = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + 7) % 251);
const equalBytes = (a: Uint8Array | undefined, b: Uint8Array) => !!a && a.length === b.length && a.every((x, i) => x === b[i]);
const status = (value: unknown) => Number((value as { status?: unknown } | null)?.status);

/** Every object in an answer (the items of a multirequest answer too). */
const objectsIn = (body: unknown): Record<string, unknown>[] =>
  (Array.isArray(body) ? body : [body]).filter((b): b is Record<string, unknown> => !!b && typeof b === 'object');

interface Delivered {
  request: FakeRequest;
  /** The JSON value the engine got (undefined: no JSON answer). */
  body?: unknown;
  lie: boolean;
}

async function runScenario(s: Scenario): Promise<'complete' | 'failed'> {
  const bytes = bytesOf(s.size);
  const file = new File([bytes], 'hostile.mp4', { type: 'video/mp4' });
  const model = new HonestKaltura(s.size);
  const fake = new FakeTransport();
  const resumeStore = new MemoryResumeStore();
  let ksCount = 0;
  const options = {
    serviceUrl: 'https://hostile.test', ks: s.ksFunction ? () => `ks-${++ksCount}` : 'ks-fixed', chunkSize: s.chunkSize,
    concurrency: s.concurrency, attachFirst: s.attachFirst, resumeStore, transport: fake.transport,
    retry: { retries: 2, minDelay: 1, maxDelay: 3 }, stallTimeout: 80, responseTimeout: 120,
  };
  if (s.remembered) {
    const held = Math.floor(s.remembered.share * s.size);
    const entryId = s.attachFirst ? `0_remembered_entry` : undefined;
    const token = model.addToken(s.remembered.status, bytes.slice(0, s.remembered.status >= 2 ? s.size : held), entryId);
    const now = Date.now();
    resumeStore.set(await resumeKey(file, {}), { uploadTokenId: token.id, entryId, chunkSize: s.chunkSize, fileSize: s.size, createdAt: now, updatedAt: now });
  }
  const upload = new ChunkedUpload(file, options);
  const outcome = upload.start().then((result) => ({ result }), (error: unknown) => ({ error }));
  let settled = false;
  void outcome.then(() => (settled = true));
  let cancelled: Promise<void> | undefined;
  const delivered: Delivered[] = [];
  const wrongBytes: string[] = [];
  const directives = [...s.directives];

  for (let n = 1; !settled; n++) {
    const next = await Promise.race([fake.nextRequest(SILENCE_MS).catch(() => 'silent' as const), outcome.then(() => 'settled' as const)]);
    if (next === 'settled') break;
    if (next === 'silent') assert.fail(`no request for ${SILENCE_MS} ms and start() has not settled (state ${upload.state}, sent ${fake.log.map((r) => r.name).join(' ')})`);
    assert.isAtMost(n, MAX_REQUESTS, `more than ${MAX_REQUESTS} requests: ${fake.log.slice(-8).map((r) => r.name).join(' ')}`);
    if (n === s.pauseAt) {
      upload.pause();
      upload.resume();
    }
    if (n === s.cancelAt) cancelled = upload.cancel();
    if (next.name === 'uploadtoken.upload' && next.file) {
      const at = next.params.resume === 'true' ? Number(next.params.resumeAt) : 0;
      const sent = new Uint8Array(await next.file.arrayBuffer());
      if (!equalBytes(sent, bytes.slice(at, at + sent.length))) wrongBytes.push(`${sent.length} bytes at ${at}`);
    }
    const d = directives.shift() ?? { kind: 'honest' };
    await answer(next, d, model, delivered);
  }
  // cancel() settles too (its uploadToken.delete is answered above or fails on its own).
  if (cancelled) await Promise.race([cancelled, new Promise((_, reject) => setTimeout(() => reject(new Error('cancel() never settled')), SILENCE_MS))]);

  assert.deepEqual(wrongBytes, [], 'every chunk carries the bytes of its offset');
  const end = await outcome;
  if ('error' in end) {
    assert.isTrue(end.error instanceof UploadError && isUploadError(end.error), `only UploadErrors: ${String(end.error)}`);
    assert.equal(upload.state, cancelled ? 'cancelled' : 'error');
    return 'failed';
  }
  assert.equal(upload.state, 'complete');
  checkConfirmed(end.result, delivered, s);
  if (!delivered.some((d) => d.lie)) {
    // Nothing lied (answers lost after the work was done included): the model's entry really
    // holds the file. The model names the entry a token went into, as Kaltura does (14.3).
    const entry = model.entries.get(end.result.entryId);
    assert.isTrue(equalBytes(entry?.content, bytes), `entry ${end.result.entryId} holds the file (it has ${entry?.content?.length ?? 'nothing'})`);
  }
  return 'complete';
}

/** `complete` needs answers that said the whole file is in the token, and an entry with the result's id. */
function checkConfirmed(result: UploadResult, delivered: Delivered[], s: Scenario): void {
  assert.typeOf(result.entryId, 'string');
  assert.notEqual(result.entryId, '');
  assert.typeOf(result.uploadTokenId, 'string');
  assert.equal(result.entry?.id, result.entryId, 'the entry object is the one named');
  // Attach-first: CLOSED, the entry got the bytes; otherwise FULL_UPLOAD (or CLOSED) before addContent.
  const whole = s.attachFirst ? [3] : [2, 3];
  const tokenConfirmed = delivered.some(({ request, body }) =>
    request.params.uploadTokenId === result.uploadTokenId && objectsIn(body).some((o) => whole.includes(status(o))));
  assert.isTrue(tokenConfirmed, `an answer said token ${result.uploadTokenId} holds the whole file`);
  const entryConfirmed = delivered.some(({ body }) => objectsIn(body).some((o) => o.id === result.entryId));
  assert.isTrue(entryConfirmed, `an answer named entry ${result.entryId}`);
}

async function answer(request: FakeRequest, d: Directive, model: HonestKaltura, delivered: Delivered[]): Promise<void> {
  const act = d.kind === 'honest' || d.kind === 'mutate' || d.kind === 'length' || ((d.kind === 'lost' || d.kind === 'http' || d.kind === 'text' || d.kind === 'json') && d.act);
  const honest = act ? await model.handle(request) : undefined;
  const give = (body: unknown) => {
    delivered.push({ request, body, lie: LIES.has(d.kind) });
    request.respond(body);
  };
  switch (d.kind) {
    case 'honest':
      return give(honest);
    case 'lost':
      return request.fail();
    case 'hang':
      return;
    case 'http':
      if (d.status === 0) return request.fail();
      delivered.push({ request, lie: false });
      return request.respond(`<html><body>${d.status}</body></html>`, d.status);
    case 'text':
      delivered.push({ request, lie: true });
      return request.respond(d.text);
    case 'json':
      return give(d.value);
    case 'exception':
      return give({ code: d.code, message: 'hostile', objectType: 'KalturaAPIException', args: [] });
    case 'mutate': {
      const copy = JSON.parse(JSON.stringify(honest ?? null));
      const target = Array.isArray(copy) ? copy[d.index % Math.max(1, copy.length)] : copy;
      if (target && typeof target === 'object') target[d.key] = d.value;
      return give(copy);
    }
    case 'length': {
      const items = Array.isArray(honest) ? honest : [honest];
      return give(Array.from({ length: d.keep }, (_, i) => items[i] ?? items[items.length - 1]));
    }
  }
}

/** fast-check's report with the failing assertion itself (it keeps that as `cause`). */
async function check<T>(arbitrary: fc.Arbitrary<T>, property: (value: T) => Promise<void>, numRuns: number): Promise<void> {
  try {
    await fc.assert(fc.asyncProperty(arbitrary, property), { numRuns, endOnFailure: true });
  } catch (e) {
    const cause = (e as Error).cause;
    throw new Error(`${(e as Error).message}\nGot: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

describe('ChunkedUpload: hostile answers', function () {
  this.timeout(240_000);

  it('never completes unconfirmed, never hangs, never throws but UploadError, never loops without bound', async () => {
    await check(scenario, async (s) => void (await runScenario(s)), 250);
  });

  it('with honest answers (two of them lost) every upload completes with the file in its entry', async () => {
    const honestOnly = scenario.map((s) => {
      let lost = 0;
      const directives = s.directives.map((d): Directive => (d.kind === 'lost' && ++lost <= 2 ? d : { kind: 'honest' }));
      return { ...s, cancelAt: null, remembered: null, directives };
    });
    await check(honestOnly, async (s) => void assert.equal(await runScenario(s), 'complete'), 60);
  });
});
