// The URL shapes Kaltura serves an entry's media at, outside /api_v3: its thumbnail and its
// playManifest. Entries carry them (`thumbnailUrl`, `dataUrl`) as kaltura.com's do
// (`https://cfvod.kaltura.com/p/123/sp/12300/thumbnail/entry_id/1_abc/version/100002`,
// `https://cdnapisec.kaltura.com/p/123/sp/12300/playManifest/entryId/1_abc/format/url/protocol/https`),
// and media-routes.ts reads them back. Built from the origin the API call came to, so a page that
// reaches this server through a proxy gets URLs that work from where it is.
import type { EntryRecord } from '../state/store.ts';

/** `/p/{pid}/sp/{pid}00/thumbnail/entry_id/{id}/version/{n}`; the version changes with every new default thumbnail. */
export const thumbnailUrl = (origin: string, e: EntryRecord): string =>
  `${origin}/p/${e.partnerId}/sp/${e.partnerId}00/thumbnail/entry_id/${e.id}/version/${e.thumbVersion ?? 0}`;

/** `/p/{pid}/sp/{pid}00/playManifest/entryId/{id}/format/url/protocol/{http|https}`: the file to play. */
export const dataUrl = (origin: string, e: EntryRecord): string =>
  `${origin}/p/${e.partnerId}/sp/${e.partnerId}00/playManifest/entryId/${e.id}/format/url/protocol/${origin.startsWith('https:') ? 'https' : 'http'}${e.contentVersion ? `/version/${e.contentVersion}` : ''}`;

/** `/p/{pid}/sp/{pid}00/asset/entry_id/{entryId}/asset_id/{id}`: a caption or attachment asset's file. */
export const assetUrl = (origin: string, e: EntryRecord, assetId: string): string =>
  `${origin}/p/${e.partnerId}/sp/${e.partnerId}00/asset/entry_id/${e.id}/asset_id/${assetId}`;

/** A media URL read back: what it asks for, the partner in its path, and its `/key/value` pairs. */
export interface MediaPath {
  kind: 'thumbnail' | 'playManifest' | 'asset';
  partnerId: number;
  params: Record<string, string>;
}

/**
 * Reads `/p/{pid}[/sp/{spid}]/thumbnail/...` and `/p/{pid}[/sp/{spid}]/playManifest/...`; the rest
 * of the path is `/key/value` pairs (a trailing odd segment, such as `a.mp4`, is a file name and
 * ignored). Anything else is undefined.
 */
export function parseMediaPath(url: string | undefined): MediaPath | undefined {
  const segments = (url ?? '').split('?')[0]!.split('/').slice(1).map(decode);
  if (segments[0] !== 'p' || !/^\d+$/.test(segments[1] ?? '')) return undefined;
  let at = 2;
  if (segments[at] === 'sp') at += 2;
  const kind = segments[at];
  if (kind !== 'thumbnail' && kind !== 'playManifest' && kind !== 'asset') return undefined;
  const params: Record<string, string> = {};
  for (let i = at + 1; i + 1 < segments.length; i += 2) params[segments[i]!.toLowerCase()] ??= segments[i + 1]!;
  return { kind, partnerId: Number(segments[1]), params };
}

/** Whether a request is for one of these URLs (the adapters route it to the API object). */
export const isMediaPath = (url: string | undefined): boolean => parseMediaPath(url) !== undefined;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
