// The interrupted list's work once a store holds records (interrupted-list.ts loads this with
// import(); most pages never do): the records whose file is in no connected uploader's queue,
// each queued file known by its resume key (hashed once per file and partner), and forgetting a
// record. Imports no module the element loads up front (docs/bundle-budget.md, "The trap"):
// `resumeKey` is handed in (the package entry re-exports its module).
import type { resumeKey } from '../../engine/file-keys.js';
import { interruptedFrom } from '../../engine/interrupted-records.js';
import type { InterruptedUpload, ResumeRecord, ResumeStore } from '../../engine/resume-store.js';

export { forgetRecord } from '../../engine/interrupted-records.js';

/** One uploader's queue, as its InterruptedList config describes it. */
export interface Queue {
  /** The files in the queue, and their upload tokens once known (a continued recording: its key). */
  queued(): { file: File; uploadTokenId?: string; key?: string }[];
  /** What the engine's resume key depends on besides the file. */
  keyOptions(): { partnerId?: number; fileName?: string };
}

type ResumeKey = typeof resumeKey;

/** Per queue: each queued file's resume key, for the partner it was computed for. */
const keysOf = new WeakMap<Queue, WeakMap<File, { partnerId?: number; key: Promise<string> }>>();

/** The records among `entries` (younger than `maxAge`, not live) whose file is in none of the `queues` (asked once they are read). */
export async function interruptedOutside(store: ResumeStore, entries: [string, ResumeRecord][], maxAge: number, queues: () => Queue[], resumeKey: ResumeKey): Promise<InterruptedUpload[]> {
  const stored = await interruptedFrom(store, entries, maxAge);
  if (!stored.length) return stored;
  const queued = queues().flatMap((queue) => queue.queued().map((q) => [queue, q] as const));
  const keys = new Set(await Promise.all(queued.map(([queue, q]) => q.key ?? keyOf(queue, q.file, resumeKey))));
  const tokens = new Set(queued.map(([, q]) => q.uploadTokenId));
  return stored.filter((u) => !keys.has(u.key) && !tokens.has(u.uploadTokenId));
}

function keyOf(queue: Queue, file: File, resumeKey: ResumeKey): Promise<string> {
  const options = queue.keyOptions();
  let keys = keysOf.get(queue);
  if (!keys) keysOf.set(queue, (keys = new WeakMap()));
  let known = keys.get(file);
  if (!known || known.partnerId !== options.partnerId) {
    known = { partnerId: options.partnerId, key: resumeKey(file, options).catch(() => '') };
    keys.set(file, known);
  }
  return known.key;
}
