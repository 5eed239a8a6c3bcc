// A ReadableStream of unknown length (a recording in progress) as bytes addressable by offset, for
// the chunk transfer: `size` grows as pieces are read, `grow(n)` waits for the first n bytes (or
// the end), `bytes(start, end)` gives a range, and `release(n)` says the server holds the first n.
//
// Reading never waits for the upload: a paused, retrying or failed upload leaves the stream read
// on, so a recorder's queue never fills the page's memory. What is read goes to the spill store
// (IndexedDB) at once: a piece is written as soon as it is read; while a write is in flight, the
// pieces that arrive meanwhile wait in memory and go together in the next one. So at any moment
// every byte the server has not confirmed is on disk, except the last few milliseconds' worth, and
// a reload or a crash of the tab loses nothing recorded. Bytes the server holds are dropped from
// the store as it confirms them. Memory holds only pieces not yet written (at most MEMORY_LIMIT:
// reading waits beyond it). Where the store cannot be used (no IndexedDB, quota exceeded), pieces
// stay in memory until the server confirms them, and reading waits while MEMORY_LIMIT is exceeded.
import type { UploadError } from '../../errors.js';
import { appendPiece, dropBefore, forgetSpilled, readRange, sliceRange, spilled } from './spill-store.js';

/** Bytes read and not yet stored (or, without a store, not yet confirmed) beyond which reading waits. */
export const MEMORY_LIMIT = 32 * 1024 * 1024;

interface HeldPiece {
  offset: number;
  blob: Blob;
}

export class StreamSource {
  /** Bytes read so far: the final size once `ended`. */
  size = 0;
  /** The stream closed: `size` is final. */
  ended = false;

  /** Still being read: `size` may grow (the transfer's view of `ended`). */
  get open(): boolean {
    return !this.ended;
  }
  /** A source has no MIME type (the file name's extension tells Kaltura); a restored one has its name. */
  readonly type = '';
  name?: string;
  /** Told after each piece read (the engine's progress: `bytesTotal` is `size`). */
  onRead?: () => void;
  /** Pieces read and not in the store (yet), in offset order, from `#stored` on. */
  #held: HeldPiece[] = [];
  /** Bytes [0, #stored) went to the store (those before #released are dropped again). */
  #stored = 0;
  /** Bytes the server holds from offset 0. */
  #released = 0;
  /** Bytes dropped from the store. */
  #dropped = 0;
  /** False once the store failed (or for a source that must not use it): pieces then stay in memory. */
  #spill = true;
  #flushing?: Promise<void>;
  #failure?: UploadError;
  #reader?: ReadableStreamDefaultReader<Uint8Array | Blob>;
  #wake: (() => void)[] = [];

  /** The upload's key in the spill store (and in the resume store). */
  readonly id: string;
  /** The engine's UploadError class (handed over: importing it would make the engine's chunk share a module with this one). */
  readonly #Errors: typeof UploadError;

  private constructor(id: string, Errors: typeof UploadError) {
    this.id = id;
    this.#Errors = Errors;
  }

  /** Starts reading `stream` (pieces of `Uint8Array` or `Blob`). */
  static read(stream: ReadableStream<Uint8Array | Blob>, id: string, Errors: typeof UploadError): StreamSource {
    const source = new StreamSource(id, Errors);
    void source.#pump((source.#reader = stream.getReader()));
    return source;
  }

  /**
   * What a reload or a crash left in the store for upload `id`, as an ended source; `size` when
   * nothing is stored any more (every byte was confirmed: only the entry is missing).
   */
  static async restore(id: string, Errors: typeof UploadError, size = 0): Promise<StreamSource> {
    const source = new StreamSource(id, Errors);
    const stored = await spilled(id);
    source.size = source.#stored = stored?.end ?? size;
    source.#released = source.#dropped = stored?.start ?? size;
    source.ended = true;
    return source;
  }

  /** Waits until `n` bytes are read or the stream ended; throws STREAM_ERROR when it failed. */
  async grow(n: number): Promise<void> {
    while (!this.ended && !this.#failure && this.size < n) await new Promise<void>((wake) => this.#wake.push(wake));
    if (this.#failure) throw this.#failure;
  }

  /** The bytes of [start, end) (cut at the end of the stream), once they are read. */
  async bytes(start: number, end: number): Promise<Blob> {
    await this.grow(end);
    end = Math.min(end, this.size);
    const stored = this.#stored;
    const memory = sliceRange(this.#held, Math.max(start, stored), end);
    if (!memory) throw new this.#Errors('STREAM_ERROR', `Bytes ${start}-${end} of the stream are no longer held`);
    const disk = start < stored ? await readRange(this.id, start, Math.min(end, stored)) : undefined;
    return new Blob(disk ? [disk, ...memory] : memory);
  }

  /**
   * The server holds the first `n` bytes: they leave the store (the last byte read always stays,
   * so a source restored after a crash still knows its size).
   */
  release(n: number): void {
    n = Math.min(n, this.size - 1);
    if (n <= this.#released) return;
    this.#released = n;
    if (!this.#spill) this.#held = this.#held.filter((p) => p.offset + p.blob.size > n);
    this.#flush();
    this.#notify();
  }

  /** Stops reading (the stream is cancelled, e.g. a recorder stops) and removes what is stored. */
  async forget(): Promise<void> {
    this.#spill = false;
    this.#held = [];
    await this.#reader?.cancel().catch(() => {});
    await this.#flushing;
    await forgetSpilled(this.id).catch(() => {});
  }

  async #pump(reader: ReadableStreamDefaultReader<Uint8Array | Blob>): Promise<void> {
    try {
      for (;;) {
        while (this.#heldBytes() > MEMORY_LIMIT) await new Promise<void>((wake) => this.#wake.push(wake));
        const { done, value } = await reader.read();
        if (done) break;
        const blob = value instanceof Blob ? value : new Blob([value as BlobPart]);
        if (!blob.size) continue;
        this.#held.push({ offset: this.size, blob });
        this.size += blob.size;
        this.#flush();
        this.#notify();
        this.onRead?.();
      }
      this.ended = true;
    } catch (cause) {
      this.#failure = new this.#Errors('STREAM_ERROR', 'The stream failed while it was read', { cause });
    }
    this.#notify();
    this.onRead?.();
  }

  /** Writes what is held, then drops what the server holds; one store call at a time. */
  #flush(): void {
    this.#flushing ??= (async () => {
      try {
        while (this.#spill) {
          const held = this.#held.slice();
          if (held.length) {
            const { offset } = held[0];
            const blob = new Blob(held.map((p) => p.blob));
            await appendPiece(this.id, offset, blob);
            // Pieces read meanwhile stay held for the next write.
            if (this.#spill) this.#held = this.#held.slice(held.length);
            this.#stored = offset + blob.size;
            this.#notify();
          } else if (this.#released > this.#dropped) {
            const to = this.#released;
            await dropBefore(this.id, to);
            this.#dropped = to;
          } else break;
        }
      } catch {
        // No IndexedDB, or the quota is spent: pieces stay in memory from here on.
        this.#spill = false;
        this.#held = this.#held.filter((p) => p.offset + p.blob.size > this.#released);
        this.#notify();
      }
      this.#flushing = undefined;
    })();
  }

  #heldBytes(): number {
    return this.#held.reduce((sum, p) => sum + p.blob.size, 0);
  }

  #notify(): void {
    for (const wake of this.#wake.splice(0)) wake();
  }
}
