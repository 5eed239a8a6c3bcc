// Sends a file the way a CDN edge does for media: `Accept-Ranges: bytes`, a single `Range` answered
// with 206 and `Content-Range` (what <video> asks for to start and to seek), 416 for a range past
// the end, HEAD without a body. Several ranges in one request are answered with the whole file
// (allowed by RFC 9110 §14.2, and what many servers do). The bytes stream from disk.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

/** Headers every media answer carries: readable from any origin, ranges included. */
export const MEDIA_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges',
};

export async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, contentType: string): Promise<void> {
  const { size } = await fs.promises.stat(file);
  const headers: Record<string, string | number> = { ...MEDIA_HEADERS, 'Content-Type': contentType, 'Accept-Ranges': 'bytes' };
  const range = parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 }).end();
    return;
  }
  const [start, end] = range ?? [0, size - 1];
  const status = range ? 206 : 200;
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(status, { ...headers, 'Content-Length': size ? end - start + 1 : 0 });
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  // A client that seeks drops its connection mid-answer: that is the end of this answer, not an error.
  await pipeline(fs.createReadStream(file, { start, end }), res).catch(() => res.destroy());
}

/**
 * `bytes=a-b`, `bytes=a-` and `bytes=-n` for a file of `size` bytes, as inclusive [start, end];
 * undefined for no Range, one this server ignores (several ranges, another unit, bad syntax), or
 * an empty file; 'unsatisfiable' for one that starts past the end.
 */
export function parseRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '') || size === 0) return undefined;
  const [, from, to] = match;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined; // syntactically invalid: ignored
  return [start, end];
}
