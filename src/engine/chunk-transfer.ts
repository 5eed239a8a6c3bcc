// Moving the bytes of one file into one upload token, by Kaltura's parallel protocol: the first
// chunk alone (at offset 0 it creates the file; it is also the probe that measures the link), the
// middle ones `concurrency` at a time, cut as they go at the size the plan says, the final one last
// (it makes the server check the size). A file of 16 MiB or more goes first as one request, the
// File itself (Chromium's fast path), watched: when its upload progress says it would take more
// than a few seconds, it is stopped half a second in and chunks take over; if it fails or is
// paused, the upload continues in chunks from what the server holds. No probe is sent before it,
// so on a good link no byte goes twice.
// A chunk counts as done when the server answered for it, or when the server says it holds its
// bytes (`uploadToken.get`): that one rule decides what is sent again after a pause, a lost answer
// or a size mismatch.
// A source that grows while it uploads (a stream) is planned by what it has read but its last
// byte: a chunk is cut once at least MIN_BYTES more are in, so none cut while the stream is open
// can be the final one, and the final one, cut once it ended, is never empty.
import { UploadError, toUploadError } from '../errors.js';
import { uploadChunk } from '../kaltura/client.js';
import { TokenStatus, type KalturaUploadToken } from '../kaltura/types.js';
import { getUploadToken } from '../kaltura/upload-api.js';
import type { Chunk, ChunkSource } from './chunk-plan.js';
import { request, type RequestHost } from './request-loop.js';
import { MIN_BYTES, WHOLE_SECONDS, chunkEnd, nextRate, wholeFirst } from './transfer-plan.js';

/** Watching a whole-file request: from this many ms after it went out (socket buffers are full by then)... */
const WATCH_FROM_MS = 250;
/** ...for this many more, the rate its upload progress shows says whether it goes on. */
const WATCH_MS = 250;

/**
 * The last rate any upload of this page measured (bytes per second; 0: none yet). A whole-file
 * request that this says would be too slow is not tried: stopping one wastes more than the half
 * second it was watched (the socket buffers, megabytes, still go out), which on a slow link is
 * seconds. So one upload of a page pays that, not every one.
 */
let pageRate = 0;

/** Rounds of "re-send what is missing, then the final chunk again" after a size mismatch. */
const MAX_SIZE_MISMATCH_ROUNDS = 3;

/** The token holds the whole file (FULL_UPLOAD, or CLOSED: it went into an entry). Loose `==`: kaltura.com may send "2". */
// eslint-disable-next-line eqeqeq
const whole = (token?: KalturaUploadToken) => token?.status == TokenStatus.FULL_UPLOAD || token?.status == TokenStatus.CLOSED;

/**
 * Bytes a token holds from offset 0: all of them once it is whole. A token that is not whole holds
 * less than the file whatever its `uploadedFileSize` says (nonsense counts as nothing), so the final
 * chunk is never skipped on a size alone: only its answer or a whole token completes the file.
 */
export function bytesHeld(token: KalturaUploadToken, fileSize: number): number {
  const held = Number(token?.uploadedFileSize);
  return whole(token) ? fileSize : held > 0 ? Math.min(held, fileSize - 1) : 0;
}

export class ChunkTransfer {
  /** Bytes of chunks counted as done. */
  confirmed = 0;
  /** The answer to the final chunk (CLOSED means an attach-first entry got the file). */
  finalToken?: KalturaUploadToken;
  #tokenId = '';
  /** Every chunk cut so far, in file order. */
  #chunks: Chunk[] = [];
  /** Where the next chunk is cut. */
  #cursor = 0;
  readonly #done = new Set<Chunk>();
  /** Bytes sent so far of each chunk taken by a request. */
  readonly #inflight = new Map<Chunk, number>();
  #checkDue = false;
  #check?: Promise<number>;
  /** Bytes per second the server confirms over all chunks in flight; 0 until an answer came. */
  #rate = 0;
  /** How many chunks were done when a failure last halved the rate: once per stretch, not per chunk in flight. */
  #halvedAt = -1;

  readonly #source: ChunkSource;
  readonly #fileName: string;
  readonly #host: RequestHost;
  readonly #events: { progress(): void; confirmed(bytes: number): void };

  constructor(
    source: ChunkSource,
    fileName: string,
    host: RequestHost,
    events: { progress(): void; confirmed(bytes: number): void },
  ) {
    this.#source = source;
    this.#fileName = fileName;
    this.#host = host;
    this.#events = events;
  }

  /** The bytes the plan may cut: all of a File; all but the last read of a stream still open. */
  get #size(): number {
    return this.#source.size - +!!this.#source.open;
  }

  /** Bytes handed to the network: everything done, plus what chunks in flight have sent. */
  get sent(): number {
    let sent = this.confirmed;
    for (const [chunk, loaded] of this.#inflight) if (!this.#done.has(chunk)) sent += loaded;
    return sent;
  }

  /** How many chunks are done: grows with every confirmation. */
  get doneCount(): number {
    return this.#done.size;
  }

  /** Starts a plan for `tokenId`; the first `held` bytes (already on the server) count as done. */
  begin(tokenId: string, held?: number): void {
    this.reset();
    this.#tokenId = tokenId;
    if (held) this.#markDone(this.#cut(0, held)!);
  }

  /** Forgets the token and everything counted for it. */
  reset(): void {
    this.#tokenId = '';
    this.#chunks = [];
    this.#cursor = 0;
    this.#done.clear();
    this.#inflight.clear();
    this.confirmed = 0;
    this.#checkDue = false;
    this.finalToken = undefined;
  }

  /** After a pause (or a freeze, or a sleep), the next request first asks the server where the upload stands. */
  checkAfterPause(): void {
    this.#checkDue = !!this.#tokenId;
  }

  /** Runs before each request of the upload: the check a pause asked for, once for all. */
  async beforeAttempt(): Promise<void> {
    if (!this.#checkDue) return;
    this.#check ??= this.checkServer(false).finally(() => (this.#check = undefined));
    await this.#check;
  }

  /**
   * Sends every chunk not done yet. A page that was frozen (`resume`, say by a machine that slept)
   * asks the server where it stands before its next request. A tab switch does not: its requests
   * go on (a hidden tab's requests die only with the network, and are then retried).
   */
  async send(): Promise<void> {
    const listening = new AbortController();
    globalThis.document?.addEventListener('resume', () => this.checkAfterPause(), listening);
    try {
      for (let round = 1; ; round++) {
        try {
          return await this.#round();
        } catch (e) {
          if (toUploadError(e).code !== 'UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE' || round >= MAX_SIZE_MISMATCH_ROUNDS) throw e;
          // Some chunk never reached the file: send again everything past what the server has.
          await this.checkServer(true);
        }
      }
    } finally {
      listening.abort();
    }
  }

  /**
   * Asks uploadToken.get how many bytes the file holds and counts every chunk inside them as done;
   * returns that count. With `forget`, chunks past it are sent again (the server lost or never
   * merged them).
   */
  async checkServer(forget: boolean): Promise<number> {
    this.#checkDue = false;
    const token = await request(this.#host, (ctx) => getUploadToken(ctx, this.#tokenId), undefined, true);
    const held = bytesHeld(token, this.#source.size);
    for (const chunk of this.#chunks) {
      if (chunk.end <= held) this.#ack(chunk);
      else if (forget && this.#done.delete(chunk)) this.confirmed -= chunk.end - chunk.start;
    }
    return held;
  }

  async #round(): Promise<void> {
    // The File itself in one request first (not while a stream is open, nor past offset 0: a
    // resumed upload, a later round).
    if (!this.#cursor && !this.#source.open && wholeFirst(this.#size, this.#host.options) && !(this.#size > pageRate * WHOLE_SECONDS && pageRate)) {
      const whole = this.#cut(0, this.#size)!;
      await this.#sendChunk(whole, true);
      if (this.#done.has(whole)) return;
      // Too slow, failed or paused: go on in chunks from the bytes the server holds.
      this.begin(this.#tokenId, await this.checkServer(false));
    }
    // Alone first: a chunk at offset 0 (it creates the file), or a plan's first chunk (the probe).
    // (A file of one chunk has no head: its only chunk is the final one, sent last, alone all the same.)
    const head = this.#chunks.find((c) => !c.start && !this.#done.has(c)) ?? (!this.#cursor || !this.#rate ? await this.#next() : undefined);
    if (head) await this.#sendChunk(head);
    await this.#sendParallel();
    // The final chunk: cut last, so it is the last one (it may be done already).
    await this.#sendChunk(this.#chunks.at(-1)!);
  }

  /** Cuts the next chunk where the plan says (or `[start, end)`). */
  #cut(start = this.#cursor, end = chunkEnd(start, this.#size, this.#rate, this.#host.options)): Chunk | undefined {
    if (start >= end) return undefined;
    const chunk = { start, end };
    this.#chunks.push(chunk);
    this.#cursor = end;
    return chunk;
  }

  /**
   * A middle chunk to send: one not done and not taken, else a new one; never the final chunk. A
   * stream still open is first waited for until it has a chunk's worth (MIN_BYTES) more than was
   * cut (workers woken together then cut one chunk, not one each).
   */
  async #next(): Promise<Chunk | undefined> {
    for (;;) {
      await this.#source.grow?.(this.#cursor + MIN_BYTES + 1);
      // In file order the final chunk comes last: found (or cut) only when no middle one is left.
      const chunk = this.#chunks.find((c) => !this.#done.has(c) && !this.#inflight.has(c)) ?? this.#cut();
      // Taken at once: another worker looks for a chunk before this one's request goes out.
      if (chunk && chunk.end < this.#size) return this.#inflight.set(chunk, 0), chunk;
      if (!this.#source.open) return;
    }
  }

  async #sendParallel(): Promise<void> {
    const { control, options } = this.#host;
    const workers = Array.from({ length: options.concurrency }, async () => {
      for (let chunk; (chunk = await this.#next()); ) await this.#sendChunk(chunk);
    });
    try {
      await Promise.all(workers);
    } catch (e) {
      // One chunk failed for good: stop the others rather than let them run on unobserved, and
      // let them finish before going on (a start-over must not meet a chunk of the old token).
      control.halt(toUploadError(e));
      await Promise.allSettled(workers);
      throw control.stopped;
    }
  }

  /**
   * Sends one chunk until it is done; `once` (the whole-file request) gives up after a failed try,
   * and is stopped when its progress, from WATCH_FROM_MS to WATCH_FROM_MS + WATCH_MS after it went
   * out, shows a rate too slow for it (that rate then sizes the chunks).
   */
  async #sendChunk(chunk: Chunk, once?: boolean): Promise<void> {
    if (this.#done.has(chunk)) return;
    const { start, end } = chunk;
    const finalChunk = end === this.#source.size;
    this.#inflight.set(chunk, 0);
    let tries = 0;
    // Whatever happens, the chunk stops counting as in flight (its bytes as sent).
    const answer = await Promise.resolve(this.#source.bytes(start, end)).then((data) => request(this.#host, (ctx) => {
      const sentAt = Date.now();
      const parallel = this.#inflight.size;
      // resume=false exactly at offset 0: Kaltura reads resume=true with resumeAt=0 as an old
      // client's unchecked final chunk.
      const fields = { uploadTokenId: this.#tokenId, data, fileName: this.#fileName, resume: start > 0, finalChunk, resumeAt: start };
      // Where the watch began (ms after sending, bytes sent); -1 once judged (later, stopping would lose more).
      let at = 0;
      let from = 0;
      return uploadChunk<KalturaUploadToken>(ctx, fields, (loaded) => {
        this.#inflight.set(chunk, loaded);
        this.#events.progress();
        const ms = Date.now() - sentAt;
        if (!once || ms < WATCH_FROM_MS || at < 0) return;
        if (!at) (at = ms), (from = loaded);
        else if (ms - at >= WATCH_MS) {
          pageRate = this.#rate = ((loaded - from) * 1000) / (ms - at);
          at = -1;
          // Stopped as a refused whole file is: chunks take over.
          if (end > this.#rate * WHOLE_SECONDS) return new UploadError('HTTP_ERROR', 'too slow');
        }
      }).then((token) => {
        // Kaltura answers a final chunk it took with a whole token; anything else is not a confirmation.
        if (finalChunk && !whole(token)) throw new UploadError('BAD_RESPONSE', 'The final chunk was not confirmed', { retryable: true });
        pageRate = this.#rate = nextRate(this.#rate, end - start, Date.now() - sentAt, parallel);
        return token;
      });
      // Another try means the last one failed (or was paused): smaller chunks from now on, and the
      // whole-file request gives up.
    }, () => this.#done.has(chunk) || (tries++ > 0 && (this.#slowDown(), once)))).catch(async (e) => {
      const { code } = toUploadError(e);
      // The whole file refused by a proxy on the way (a body too large for it, say): chunks will do.
      if (once && code === 'HTTP_ERROR') return;
      // A chunk sent again whose earlier try got through (its answer was lost, or the browser
      // re-sent it on a reset keep-alive connection) may find the token whole: ask the server.
      if (code === 'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD') await this.checkServer(false);
      if (!this.#done.has(chunk)) throw e;
    }).finally(() => this.#inflight.delete(chunk));
    if (!answer) return;
    if (finalChunk) this.finalToken = answer;
    // What the server holds from offset 0 need not be kept any more (a stream's stored bytes).
    this.#source.release?.(bytesHeld(answer, this.#source.size));
    this.#ack(chunk);
  }

  /** Smaller chunks after a failure: the rate halves once until a chunk is confirmed again (six chunks failing together halve it once, not 64-fold). */
  #slowDown(): void {
    if (this.#halvedAt != this.#done.size) this.#rate /= 2;
    this.#halvedAt = this.#done.size;
  }

  #ack(chunk: Chunk): void {
    if (this.#done.has(chunk)) return;
    this.#markDone(chunk);
    this.#events.progress();
    this.#events.confirmed(this.confirmed);
  }

  #markDone(chunk: Chunk): void {
    this.#done.add(chunk);
    this.confirmed += chunk.end - chunk.start;
  }
}
