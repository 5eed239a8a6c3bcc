// Data dirs written before per-record files kept every token and entry in one `state.json`. On
// load such a file is turned into record files once, then renamed `state.json.migrated` (kept for
// inspection, never read again). A crash half-way is harmless: the records are written before the
// rename, and the next start migrates again from the same file.
import fs from 'node:fs';
import path from 'node:path';
import type { RecordTable } from './record-table.ts';

/** Any record this file moves: it only needs the id (the store's shapes stay in store.ts, which imports this file). */
type AnyRecord = { id: string };

/** The only layout `state.json` ever had. */
const STATE_VERSION = 1;

export async function migrateStateFile(dataDir: string, tokens: RecordTable<AnyRecord>, entries: RecordTable<AnyRecord>): Promise<void> {
  const file = path.join(dataDir, 'state.json');
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    return; // a fresh data dir, or one migrated already
  }
  let state: { version?: unknown; tokens?: unknown; entries?: unknown };
  try {
    state = JSON.parse(text);
  } catch {
    // Its writes were atomic, so this is a hand-edited file: keep it aside and go on without it.
    const aside = `${file}.unreadable-${Date.now()}`;
    await fs.promises.rename(file, aside);
    console.warn(`[kaltura-api] ${file} is not valid JSON; moved to ${aside}, not migrated`);
    return;
  }
  if (state?.version !== STATE_VERSION || !Array.isArray(state.tokens ?? []) || !Array.isArray(state.entries ?? [])) {
    throw new Error(`${file} has a layout this server does not know (version ${JSON.stringify(state?.version)}). Move it away, or set KALTURA_DATA_DIR to another folder.`);
  }
  const moved = { tokens: 0, entries: 0 };
  for (const [table, records, key] of [[tokens, state.tokens ?? [], 'tokens'], [entries, state.entries ?? [], 'entries']] as const) {
    for (const record of records as AnyRecord[]) {
      if (typeof record?.id !== 'string' || !table.validId.test(record.id)) continue;
      table.set(record.id, record);
      await table.save(record);
      moved[key]++;
    }
  }
  await fs.promises.rename(file, `${file}.migrated`);
  console.log(`[kaltura-api] ${file}: ${moved.tokens} tokens and ${moved.entries} entries moved to one file each; the old file is kept as state.json.migrated`);
}
