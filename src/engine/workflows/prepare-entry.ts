// `ChunkedUpload.prepareEntry(options)`: an entry made before its file exists (a scheduled
// recording, a form saved before its video), as KMC-ng's "Prepare entry" does: media.add alone;
// the entry stays 7 NO_CONTENT until an upload with `replaceEntryId` (media.updateContent) fills it.
import type { ReplaceableEntry } from '../../kaltura/media-api.js';
import type { ChunkedUploadOptions } from '../options.js';
import { addEntryOnce } from './add-entry-once.js';
import { workflowHost } from './workflow-host.js';
import type { Workflow } from './workflow.js';

/** The call settings and KS of an upload, and the entry's fields (a video unless `mediaType` says otherwise). */
export type PrepareEntryOptions = Omit<ChunkedUploadOptions, 'fileName'>;

export async function prepareEntry(w: Workflow, options: PrepareEntryOptions): Promise<ReplaceableEntry> {
  const host = workflowHost(w, options, 'entry');
  await host.ks.load();
  return addEntryOnce(w, host, { mediaType: 1, ...options.entry });
}
