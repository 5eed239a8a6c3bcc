// Moving the bytes of one file into one upload token, by Kaltura's parallel protocol: the first
// chunk alone (it creates the file), the middle ones `concurrency` at a time, the final one last
// (it makes the server check the size). A chunk counts as done when the server answered for it,
// or when the server says it holds its bytes (`uploadToken.get`): that one rule decides what is
// sent again after a pause, a lost answer or a size mismatch.
import { UploadError, toUploadError } from '../errors.js';
import { uploadChunk } from '../kaltura/client.js';
import { TokenStatus, type KalturaUploadToken } from '../kaltura/types.js';
import { getUploadToken } from '../kaltura/upload-api.js';
import { planChunks, type Chunk } from './chunk-plan.js';
import { request, type RequestHost } from './request-loop.js';

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
  #chunks: Chunk[] = [];
  readonly #done = new Set<number>();
  /** Bytes sent so far of each chunk in flight. */
  readonly #inflight = new Map<number, number>();
  #checkDue = false;
  #check?: Promise<void>;

  readonly #file: Blob;
  readonly #fileName: string;
  readonly #host: RequestHost;
  readonly #events: { progress(): void; confirmed(bytes: number): void };

  constructor(
    file: Blob,
    fileName: string,
    host: RequestHost,
    events: { progress(): void; confirmed(bytes: number): void },
  ) {
    this.#file = file;
    this.#fileName = fileName;
    this.#host = host;
    this.#events = events;
  }

  /** Bytes handed to the network: everything done, plus what chunks in flight have sent. */
  get sent(): number {
    let sent = this.confirmed;
    for (const [index, loaded] of this.#inflight) if (!this.#done.has(index)) sent += loaded;
    return sent;
  }

  /** How many chunks are done: grows with every confirmation. */
  get doneCount(): number {
    return this.#done.size;
  }

  /** Plans `tokenId`'s chunks; the first `held` bytes (already on the server) count as done. */
  begin(tokenId: string, chunkSize: number, held = 0): void {
    this.reset();
    this.#tokenId = tokenId;
    this.#chunks = planChunks(this.#file.size, chunkSize);
    for (const chunk of this.#chunks) if (chunk.end <= held) this.#markDone(chunk);
  }

  /** Forgets the token and everything counted for it. */
  reset(): void {
    this.#tokenId = '';
    this.#chunks = [];
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
   * Sends every chunk not done yet. A page that was frozen (`resume`) or hidden, say by a machine
   * that slept (`visibilitychange`), asks the server where it stands before its next request.
   */
  async send(): Promise<void> {
    const [first, ...middle] = this.#chunks;
    const last = middle.pop();
    const listening = new AbortController();
    for (const type of ['resume', 'visibilitychange']) globalThis.document?.addEventListener(type, () => this.checkAfterPause(), listening);
    try {
      for (let round = 1; ; round++) {
        await this.#sendChunk(first, false, !last);
        await this.#sendParallel(middle);
        if (!last) return;
        try {
          await this.#sendChunk(last, true, true);
          return;
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
   * Asks uploadToken.get how many bytes the file holds and counts every chunk inside them as done.
   * With `forget`, chunks past that point are sent again (the server lost or never merged them).
   */
  async checkServer(forget: boolean): Promise<void> {
    this.#checkDue = false;
    const token = await request(this.#host, (ctx) => getUploadToken(ctx, this.#tokenId), undefined, true);
    const held = bytesHeld(token, this.#file.size);
    for (const chunk of this.#chunks) {
      if (chunk.end <= held) this.#ack(chunk);
      else if (forget && this.#done.delete(chunk.index)) this.confirmed -= chunk.end - chunk.start;
    }
  }

  async #sendParallel(chunks: Chunk[]): Promise<void> {
    const { control, options } = this.#host;
    const queue = chunks.filter((c) => !this.#done.has(c.index));
    const workers = Array.from({ length: Math.min(options.concurrency, queue.length) }, async () => {
      for (let chunk; (chunk = queue.shift()); ) await this.#sendChunk(chunk, true, false);
    });
    try {
      await Promise.all(workers);
    } catch (e) {
      // One chunk failed for good: stop the others rather than let them run on unobserved, and
      // let them finish before going on (a start-over must not meet a chunk of the old token).
      control.stop(toUploadError(e));
      await Promise.allSettled(workers);
      throw control.stopped;
    }
  }

  async #sendChunk(chunk: Chunk, resume: boolean, finalChunk: boolean): Promise<void> {
    if (this.#done.has(chunk.index)) return;
    const data = this.#file.slice(chunk.start, chunk.end);
    const answer = await request(this.#host, (ctx) => {
      this.#inflight.set(chunk.index, 0);
      const fields = {
        uploadTokenId: this.#tokenId, data, fileName: this.#fileName, resume, finalChunk,
        // Never resume=true with resumeAt=0: Kaltura reads that as an old client's unchecked final.
        resumeAt: resume ? chunk.start : 0,
      };
      return uploadChunk<KalturaUploadToken>(ctx, fields, (loaded) => {
        this.#inflight.set(chunk.index, loaded);
        this.#events.progress();
      }).then((token) => {
        // Kaltura answers a final chunk it took with a whole token; anything else is not a confirmation.
        if (finalChunk && !whole(token)) throw new UploadError('BAD_RESPONSE', 'The final chunk was not confirmed', { retryable: true });
        return token;
      });
    }, () => this.#done.has(chunk.index)).catch(async (e) => {
      // A final chunk sent again whose earlier try got through (its answer was lost, or the
      // browser re-sent it on a reset keep-alive connection): the token says whether it is whole.
      if (finalChunk && toUploadError(e).code === 'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD') await this.checkServer(false);
      if (!this.#done.has(chunk.index)) throw e;
    });
    this.#inflight.delete(chunk.index);
    if (finalChunk && answer) this.finalToken = answer;
    this.#ack(chunk);
  }

  #ack(chunk: Chunk): void {
    if (this.#done.has(chunk.index)) return;
    this.#markDone(chunk);
    this.#events.progress();
    this.#events.confirmed(this.confirmed);
  }

  #markDone(chunk: Chunk): void {
    this.#done.add(chunk.index);
    this.confirmed += chunk.end - chunk.start;
  }
}
