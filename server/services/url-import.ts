// The IMPORT batch job for a KalturaUrlResource (kJobsManager::addImportJob, kFlowHelper): the
// server downloads the link itself, no bytes through the browser. 0 IMPORT while it downloads;
// then, like an upload, images 2 READY and video/audio 1 PRECONVERT → 2 READY (the simulated
// conversion, with its delay and `failConversion` fault); -2 ERROR_IMPORTING when the download
// fails (kFlowHelper::handleImportFailed): a scheme other than http/https, an unreachable host,
// an HTTP status other than 2xx, more than `importMaxBytes`, or no end within `importTimeoutMs`.
// Redirects are followed (as curl does in KalturaCurlWrapper), up to fetch's limit of 20.
// This is a development server: it fetches whatever link a KS holder gives it, loopback included
// (tests serve their files there). Do not expose it to untrusted callers.
import fs from 'node:fs';
import path from 'node:path';
import type { ServerParts } from '../core/service.ts';
import type { EntryRecord } from '../state/store.ts';
import { fileSize } from '../state/token-file.ts';
import { EntryStatus, MediaType, onContentArrived } from './media-content.ts';

/** Starts the download in the background; the entry (already 0 IMPORT, saved) changes when it ends. */
export function startUrlImport(server: ServerParts, entry: EntryRecord, url: string): void {
  // After the answer, as a batch job would: the call that queued it always says 0 IMPORT.
  setImmediate(() => void importInto(server, entry, url));
}

function importInto(server: ServerParts, entry: EntryRecord, url: string): Promise<void> {
  return download(server, entry, url).then(
    async () => {
      if (entry.status !== EntryStatus.IMPORT || entry.sourceUrl !== url) return; // deleted or replaced meanwhile
      entry.contentSize = await fileSize(server.store.entryFile(entry.id));
      onContentArrived(server, entry);
      await server.store.save(entry);
    },
    async () => {
      if (entry.status !== EntryStatus.IMPORT || entry.sourceUrl !== url) return;
      entry.status = EntryStatus.ERROR_IMPORTING;
      entry.updatedAt = Date.now();
      await server.store.save(entry);
    },
  );
}

async function download(server: ServerParts, entry: EntryRecord, url: string): Promise<void> {
  const { importTimeoutMs, importMaxBytes } = server.options;
  const link = new URL(url);
  if (link.protocol !== 'http:' && link.protocol !== 'https:') throw new Error('unsupported scheme');
  const signal = AbortSignal.timeout(importTimeoutMs);
  const res = await fetch(link, { signal, redirect: 'follow' });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  if (Number(res.headers.get('content-length')) > importMaxBytes) throw new Error('too large');
  const target = server.store.entryFile(entry.id);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.import`;
  const out = fs.createWriteStream(partial);
  let size = 0;
  try {
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > importMaxBytes) throw new Error('too large');
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    await fs.promises.rename(partial, target);
  } catch (error) {
    out.destroy();
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
  entry.mediaType ??= MediaType.VIDEO;
}
