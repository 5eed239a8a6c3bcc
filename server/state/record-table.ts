// One kind of persisted record (tokens, entries), one small JSON file per record:
// `<folder>/<id>/<fileName>`, written atomically (a temp file beside it, then rename). A state change
// rewrites only the records it touched, so it costs the same with 100,000 records stored as with
// none (the whole-state `state.json` this replaces grew with everything ever stored).
//
// Why files and not an embedded database: the npm databases with native code (better-sqlite3 and
// the like) need an install script, which npm 11 blocks unless `allowScripts` lists it, and their
// prebuilt-binary download fails on machines without internet beyond the registry (they then build
// from source with node-gyp and a compiler); Node 20 has no `node:sqlite`. Files need nothing.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Record files read between two turns of the event loop while loading. */
const LOAD_BATCH = 1000;

/** Writes of one record: the one on disk now, and at most one more that will carry every later change. */
interface WriteSlot {
  writing: Promise<void>;
  queued?: Promise<void>;
}

export class RecordTable<T extends { id: string }> extends Map<string, T> {
  readonly #slots = new Map<string, WriteSlot>();

  constructor(
    /** The folder holding one sub-folder per record id. */
    readonly folder: string,
    /** The record's file name inside its id's folder. */
    readonly fileName: string,
    /** Ids this table accepts; nothing else ever becomes part of a path. */
    readonly validId: RegExp,
  ) {
    super();
  }

  /** The folder of one record (also used for what belongs to it: a token's bytes, an entry's content). */
  dirOf(id: string): string {
    if (!this.validId.test(id)) throw new Error('invalid record id');
    return path.join(this.folder, id);
  }

  /**
   * Persists `record` as it is when its write starts; resolves once a write that includes every
   * change made before this call is on disk. A record this table no longer holds (a handler still
   * running from before a restart) is not written: its change is lost, as a crashed process's is.
   */
  save(record: T): Promise<void> {
    if (super.get(record.id) !== record) return Promise.resolve();
    const { id } = record;
    let slot = this.#slots.get(id);
    if (!slot) this.#slots.set(id, (slot = { writing: Promise.resolve() }));
    const current = slot;
    if (current.queued) return current.queued;
    // A failed write must not block later ones, so each write starts after the previous settles.
    const queued = current.writing.catch(() => {}).then(() => {
      current.queued = undefined;
      return this.#write(record);
    });
    current.queued = current.writing = queued;
    void queued.catch(() => {}).then(() => {
      if (current.writing === queued && !current.queued) this.#slots.delete(id);
    });
    return queued;
  }

  /** Waits for every pending write. */
  async flush(): Promise<void> {
    while (this.#slots.size) await Promise.allSettled([...this.#slots.values()].map((s) => s.writing));
  }

  /**
   * Replaces what is in memory by what is on disk (after `flush()`). Unreadable files are skipped
   * with a warning. Files are read synchronously in batches, yielding between them: a thread-pool
   * round trip per file made loading 100,000 records about eight times slower.
   */
  async load(): Promise<void> {
    await fs.promises.mkdir(this.folder, { recursive: true });
    const ids = (await fs.promises.readdir(this.folder)).filter((name) => this.validId.test(name));
    const loaded: T[] = [];
    let unreadable = 0;
    for (let i = 0; i < ids.length; i++) {
      const record = this.#read(ids[i]!);
      if (record === 'unreadable') unreadable++;
      else if (record) loaded.push(record);
      if (i % LOAD_BATCH === LOAD_BATCH - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    if (unreadable) console.warn(`[kaltura-api] ${unreadable} unreadable ${this.fileName} file(s) under ${this.folder} were skipped`);
    // Swapped in one synchronous step: nothing sees a half-loaded table.
    super.clear();
    for (const record of loaded) super.set(record.id, record);
  }

  /** A record folder without a record file (a crash between mkdir and the first write) is no record. */
  #read(id: string): T | undefined | 'unreadable' {
    let text: string;
    try {
      text = fs.readFileSync(path.join(this.folder, id, this.fileName), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const record = JSON.parse(text) as T;
      return record?.id === id ? record : 'unreadable';
    } catch {
      return 'unreadable'; // writes are atomic, so this file was edited by hand
    }
  }

  async #write(record: T): Promise<void> {
    const dir = this.dirOf(record.id);
    const file = path.join(dir, this.fileName);
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.promises.mkdir(dir, { recursive: true });
    try {
      await fs.promises.writeFile(temp, JSON.stringify(record));
      await fs.promises.rename(temp, file);
    } catch (error) {
      await fs.promises.rm(temp, { force: true });
      throw error;
    }
  }
}
