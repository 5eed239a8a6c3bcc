// The media URLs real Kaltura serves beside /api_v3, so a page can show and play what it uploaded:
//   /p/{pid}[/sp/{pid}00]/thumbnail/entry_id/{id}[/version/N][/width/N][/height/N]
//     the entry's default thumbnail: the thumbnail asset set with thumbAsset.setAsDefault, else an
//     image entry's own image, else a generated placeholder (a video before conversion has no
//     frame here). Served as uploaded: `width`/`height` size only the placeholder (no resizing
//     library here; an <img> scales).
//   /p/{pid}[/sp/{pid}00]/playManifest/entryId/{id}/format/url/protocol/{http|https}[/a.mp4]
//     `format/url` answers with the uploaded file itself, with byte ranges, once the entry is
//     READY (Kaltura redirects to a flavor; a <video> sees the same bytes). Other formats (HLS,
//     DASH) need conversions this server does not make: 400.
// Public, as on Kaltura with the default access control: no KS (a KS does not belong in a URL).
// These live in their own folder, not core/: they share nothing with the API's parameter,
// dispatch and serializer machinery, and stand for Kaltura's serving layer, not its API.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { EntryStatus, MediaType, refreshConversion } from '../services/media-content.ts';
import type { EntryRecord, Store } from '../state/store.ts';
import { parseMediaPath } from './media-urls.ts';
import { placeholderPng } from './placeholder-image.ts';
import { MEDIA_HEADERS, sendFile } from './send-file.ts';

const TYPES: Record<string, string> = {
  mp4: 'video/mp4', m4v: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime', mkv: 'video/x-matroska', ogv: 'video/ogg',
  mp3: 'audio/mpeg', wav: 'audio/wav', m4a: 'audio/mp4', oga: 'audio/ogg', ogg: 'audio/ogg', opus: 'audio/ogg', flac: 'audio/flac', aac: 'audio/aac',
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
};

/** A Content-Type from a file name's extension (application/octet-stream when unknown). */
export const contentTypeOf = (fileName: string | undefined): string =>
  TYPES[path.extname(fileName ?? '').slice(1).toLowerCase()] ?? 'application/octet-stream';

export async function handleMediaRequest(store: Store, req: IncomingMessage, res: ServerResponse): Promise<void> {
  req.resume(); // no body is read
  if (req.method === 'OPTIONS') {
    res.writeHead(200, { ...MEDIA_HEADERS, 'Access-Control-Allow-Headers': 'Range', 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS', 'Content-Length': 0 }).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'Only GET and HEAD');
  const route = parseMediaPath(req.url)!;
  const { params } = route;
  const entry = store.entries.get(params.entry_id ?? params.entryid ?? '');
  if (!entry || entry.partnerId !== route.partnerId || entry.status === EntryStatus.DELETED) return fail(res, 404, 'Entry not found');
  if (refreshConversion(entry)) await store.save(entry);
  res.setHeader('Cache-Control', 'no-cache');
  if (route.kind === 'asset') return assetContent(store, entry, params.asset_id ?? '', req, res);
  return route.kind === 'thumbnail' ? thumbnail(store, entry, params, req, res) : playManifest(store, entry, params, req, res);
}

async function thumbnail(store: Store, entry: EntryRecord, params: Record<string, string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const asset = entry.thumbAssets?.find((a) => a.tags === 'default_thumb');
  if (asset) {
    const file = store.thumbFile(asset);
    if (fs.existsSync(file)) return sendFile(req, res, file, contentTypeOf(file));
  }
  if (entry.mediaType === MediaType.IMAGE && entry.contentSize !== undefined) {
    return sendFile(req, res, store.entryFile(entry.id), contentTypeOf(tokenFileName(store, entry)));
  }
  const png = placeholderPng(dimension(params.width), dimension(params.height));
  res.writeHead(200, { ...MEDIA_HEADERS, 'Content-Type': 'image/png', 'Content-Length': png.length });
  res.end(req.method === 'HEAD' ? undefined : png);
}

async function playManifest(store: Store, entry: EntryRecord, params: Record<string, string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if ((params.format ?? 'url') !== 'url') return fail(res, 400, `playManifest format "${params.format}" is not served by the local API; use format/url`);
  if (entry.status !== EntryStatus.READY || entry.contentSize === undefined) return fail(res, 404, 'The entry has no playable flavor (not READY)');
  await sendFile(req, res, store.entryFile(entry.id), contentTypeOf(tokenFileName(store, entry)));
}

/** A READY caption or attachment asset's file, as uploaded. */
async function assetContent(store: Store, entry: EntryRecord, assetId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const asset = [...(entry.captionAssets ?? []), ...(entry.attachmentAssets ?? [])].find((a) => a.id === assetId);
  if (!asset || asset.status !== 2) return fail(res, 404, 'Asset not found (or without content)');
  const type = ASSET_TYPES[asset.fileExt] ?? contentTypeOf(`x.${asset.fileExt}`);
  await sendFile(req, res, store.assetFile(asset), type);
}

const ASSET_TYPES: Record<string, string> = { srt: 'text/plain; charset=utf-8', vtt: 'text/vtt; charset=utf-8', dfxp: 'application/ttml+xml', xml: 'application/xml', pdf: 'application/pdf' };

const tokenFileName = (store: Store, entry: EntryRecord): string | undefined =>
  entry.uploadTokenId ? store.tokens.get(entry.uploadTokenId)?.fileName : undefined;

const dimension = (value: string | undefined): number | undefined => (value && /^\d+$/.test(value) ? Number(value) : undefined);

function fail(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...MEDIA_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
}
