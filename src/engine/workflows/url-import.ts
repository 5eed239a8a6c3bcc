// A link as the source (`new ChunkedUpload(new URL('https://…/a.mp4'), …)`): Kaltura downloads it
// itself, no bytes through the browser (kaltura-workflows.md 5). media.add, then media.addContent
// with a KalturaUrlResource; `start()` resolves once Kaltura took the link (the entry is then
// 0 IMPORT), and the entry goes on IMPORT → PRECONVERT → READY, or -2 ERROR_IMPORTING when the
// download fails (follow it with `waitForEntryReady`, as after an upload).
// Only http: and https: links, checked before any request (a `javascript:`, `file:` or `data:`
// link is INVALID_URL); the entry's name defaults to the link's last path segment.
import type { UploadError } from '../../errors.js';
import type { ChunkedUploadOptions } from '../options.js';
import type { UploadMachine } from '../upload-machine.js';
import type { UploadResult, UploadStatus } from '../upload-status.js';
import { addEntryOnce } from './add-entry-once.js';
import { workflowHost } from './workflow-host.js';
import type { Workflow } from './workflow.js';

const EXTENSION_MEDIA_TYPE: Record<string, number> = {
  mp3: 5, wav: 5, m4a: 5, aac: 5, ogg: 5, oga: 5, opus: 5, flac: 5, wma: 5,
  jpg: 2, jpeg: 2, png: 2, gif: 2, webp: 2, bmp: 2, tif: 2, tiff: 2, heic: 2,
};

/** The link parsed when it is http(s), else undefined. */
export function httpUrl(link: URL | string): URL | undefined {
  try {
    const url = new URL(String(link));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The link's last path segment, decoded ("a.mp4"), else its host name. */
export function nameOfUrl(url: URL): string {
  const segment = url.pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(segment) || url.hostname;
  } catch {
    return segment || url.hostname;
  }
}

/** KMC-ng's rule: the media type from the link's extension (video unless it says audio or image). */
const mediaTypeOfUrl = (url: URL): number => EXTENSION_MEDIA_TYPE[nameOfUrl(url).split('.').pop()!.toLowerCase()] ?? 1;

export async function importUrl(w: Workflow, link: URL, options: ChunkedUploadOptions, control: UploadMachine): Promise<UploadResult> {
  const setStatus = (status: UploadStatus) => control.set(status);
  const { kit, api } = w;
  const url = httpUrl(link);
  if (!url) throw new kit.UploadError('INVALID_URL', `Only http: and https: links can be imported, not ${String(link).split(':')[0]}: links`);
  const host = workflowHost(w, options, nameOfUrl(url), control, (status) => setStatus(status ?? { state: 'finalizing' }));
  setStatus({ state: 'finalizing' });
  await host.ks.load();
  const fields = host.options.entry;
  const made = await addEntryOnce(w, host, { mediaType: mediaTypeOfUrl(url), sourceVersion: 'url', ...fields, name: fields?.name || host.options.fileName });
  try {
    const resource = { objectType: 'KalturaUrlResource', url: url.href } as const;
    // ENTRY_ALREADY_WITH_CONTENT after a lost answer: the earlier try got through.
    const entry = await kit.request(host, (ctx) => api.addContent(ctx, made.id, resource)).catch((e: UploadError) => {
      if (e.code !== 'ENTRY_ALREADY_WITH_CONTENT') throw e;
      return kit.request(host, (ctx) => api.getEntry(ctx, made.id));
    });
    const result: UploadResult = { entryId: entry.id, uploadTokenId: '', entry, droppedFields: [] };
    setStatus({ state: 'complete', result });
    return result;
  } catch (e) {
    // The entry this import made is of no use without the link: it goes (best effort).
    await api.deleteEntry(kit.callContext(host.options, host.ks.current, new AbortController().signal), made.id).catch(() => {});
    throw e;
  }
}
