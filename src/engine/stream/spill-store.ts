// Where the bytes of a stream source wait until the server confirms them: IndexedDB, as pieces
// keyed by [upload id, offset]. A page that reloads or crashes mid-recording finds them here and
// finishes the upload from them. IndexedDB rather than OPFS: it works in every current browser,
// also outside secure contexts and in Safari's private mode (OPFS needs a secure context, and
// Safari gives it only to workers for writing), and it stores Blobs without reading them into the
// page's memory (Chromium keeps each Blob value as a file of its own on disk). WebKit's ephemeral
// sessions (Safari's private mode, WebKitGTK under automation) refuse Blob values: the transaction
// aborts with no error. There a piece is stored as its bytes (an ArrayBuffer) instead.
//
// Only stream sources load this module (the engine imports it with `import()`), so an app that
// uploads Files never does.

/** One stored piece: the bytes of [offset, offset + size) of upload `id`, as a Blob or, where Blobs are refused, an ArrayBuffer. */
interface Piece {
  id: string;
  offset: number;
  blob: Blob | ArrayBuffer;
  /** Date.now() when it was written. */
  at: number;
}

/** What is stored for one upload. */
export interface SpilledUpload {
  id: string;
  /** The first byte still stored (bytes before it were confirmed by the server and dropped). */
  start: number;
  /** The end of the last stored byte. */
  end: number;
  /** When the newest piece was written (Date.now() ms). */
  updatedAt: number;
}

const DB_NAME = 'kaltura-chunked-upload';
const STORE = 'spill';
/** Pieces untouched for this long are dropped on open: Kaltura refuses to resume a token after 7 days. */
export const SPILL_MAX_AGE = 7 * 24 * 60 * 60 * 1000;

const all = (id: string, end = Infinity) => IDBKeyRange.bound([id, 0], [id, end], false, true);

let opened: Promise<IDBDatabase> | undefined;

/** The database, opened once per page; stale pieces are purged on the way. Rejects where IndexedDB is unavailable. */
function database(): Promise<IDBDatabase> {
  return (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: ['id', 'offset'] });
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the database: let it, and open again on the next call.
      db.onversionchange = () => {
        db.close();
        opened = undefined;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
  }).then((db) => {
    void purge(db, Date.now() - SPILL_MAX_AGE).catch(() => {});
    return db;
  }, (e) => {
    opened = undefined;
    throw e;
  }));
}

/** Runs `work` in one transaction; resolves with what it returns once the transaction committed. */
async function transaction<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => T, db?: IDBDatabase): Promise<T> {
  const tx = (db ?? (await database())).transaction(STORE, mode);
  const result = work(tx.objectStore(STORE));
  return new Promise<T>((resolve, reject) => {
    tx.oncomplete = () => resolve(result);
    tx.onerror = tx.onabort = () => reject(tx.error ?? new DOMException('Transaction aborted', 'AbortError'));
  });
}

/** Calls `each` for every piece in `range`, in key order, with the cursor (to delete or stop). */
function walk(store: IDBObjectStore, range: IDBKeyRange | null, each: (piece: Piece, cursor: IDBCursorWithValue) => boolean | void): void {
  const request = store.openCursor(range);
  request.onsuccess = () => {
    const cursor = request.result;
    if (cursor && each(cursor.value as Piece, cursor) !== false) cursor.continue();
  };
}

function purge(db: IDBDatabase, before: number): Promise<void> {
  return transaction('readwrite', (store) => walk(store, null, (piece, cursor) => void (piece.at < before && cursor.delete())), db);
}

const sizeOf = (value: Blob | ArrayBuffer) => (value instanceof Blob ? value.size : value.byteLength);
const asBlob = (value: Blob | ArrayBuffer) => (value instanceof Blob ? value : new Blob([value]));

/** Set once this page's IndexedDB refused a Blob value (WebKit's ephemeral sessions). */
let blobsRefused = false;

/** Stores `blob` as the bytes of upload `id` from `offset` on. */
export async function appendPiece(id: string, offset: number, blob: Blob): Promise<void> {
  const put = (value: Blob | ArrayBuffer) =>
    transaction('readwrite', (store) => void store.put({ id, offset, blob: value, at: Date.now() } satisfies Piece));
  if (!blobsRefused) {
    try {
      return await put(blob);
    } catch (e) {
      // A spent quota stays an error (the caller keeps pieces in memory); a refused Blob is retried as bytes.
      if ((e as DOMException | undefined)?.name === 'QuotaExceededError') throw e;
      blobsRefused = true;
    }
  }
  await put(await blob.arrayBuffer());
}

/**
 * The stored bytes of [start, end) of upload `id` as one Blob (backed by the stored files, not
 * read into memory). Rejects when a byte of the range is not stored.
 */
export async function readRange(id: string, start: number, end: number): Promise<Blob> {
  const pieces = await transaction('readonly', (store) => store.getAll(all(id, end)));
  const parts = sliceRange((pieces.result as Piece[]).map((p) => ({ offset: p.offset, blob: asBlob(p.blob) })), start, end);
  if (!parts) throw new DOMException(`Bytes ${start}-${end} of ${id} are not all stored`, 'NotFoundError');
  return new Blob(parts);
}

/**
 * The slices of `pieces` (in offset order) that make up [start, end), or undefined when the
 * pieces leave a gap in it. Slices of a Blob are references, not copies.
 */
export function sliceRange(pieces: readonly { offset: number; blob: Blob }[], start: number, end: number): Blob[] | undefined {
  const parts: Blob[] = [];
  let at = start;
  for (const { offset, blob } of pieces) {
    if (at >= end) break;
    if (offset + blob.size <= at) continue;
    if (offset > at) return undefined;
    parts.push(blob.slice(at - offset, Math.min(blob.size, end - offset)));
    at = Math.min(end, offset + blob.size);
  }
  return at < end ? undefined : parts;
}

/** Drops the pieces of upload `id` that lie wholly before `before` (the server holds them). */
export function dropBefore(id: string, before: number): Promise<void> {
  return transaction('readwrite', (store) =>
    walk(store, all(id, before), (piece, cursor) => void (piece.offset + sizeOf(piece.blob) <= before && cursor.delete())));
}

/** Every upload with stored bytes (what a crash or a reload left behind). */
export async function listSpilled(): Promise<SpilledUpload[]> {
  const found = new Map<string, SpilledUpload>();
  await transaction('readonly', (store) =>
    walk(store, null, ({ id, offset, blob, at }) => {
      const known = found.get(id);
      if (!known) found.set(id, { id, start: offset, end: offset + sizeOf(blob), updatedAt: at });
      else Object.assign(known, { end: Math.max(known.end, offset + sizeOf(blob)), updatedAt: Math.max(known.updatedAt, at) });
    }));
  return [...found.values()];
}

/** What is stored for upload `id`, or undefined when nothing is. */
export async function spilled(id: string): Promise<SpilledUpload | undefined> {
  let first: Piece | undefined;
  let last: Piece | undefined;
  await transaction('readonly', (store) => {
    walk(store, all(id), (piece) => {
      first = piece;
      return false;
    });
    const request = store.openCursor(all(id), 'prev');
    request.onsuccess = () => (last = request.result?.value as Piece | undefined);
  });
  return first && last && { id, start: first.offset, end: last.offset + sizeOf(last.blob), updatedAt: last.at };
}

/** Removes everything stored for upload `id`. */
export function forgetSpilled(id: string): Promise<void> {
  return transaction('readwrite', (store) => void store.delete(all(id)));
}
