// The thumbnail of an entry that has none yet (a video before its conversion would make one, since
// this server cannot read frames): a grey PNG with a white "play" triangle, at the size asked for
// (Kaltura's default thumbnail is 120×90). Written by hand (RGB rows, zlib, CRC) so the local API
// needs no image library; the few sizes pages ask for are kept.
import zlib from 'node:zlib';

const MAX_SIDE = 1024;
const cache = new Map<string, Buffer>();

/** A PNG `width` × `height` (each clamped to 1..1024; height 3/4 of width when not given). */
export function placeholderPng(width = 120, height?: number): Buffer {
  const w = clamp(width);
  const h = clamp(height ?? Math.round((w * 3) / 4));
  const key = `${w}x${h}`;
  let png = cache.get(key);
  if (!png) {
    png = encodePng(w, h);
    if (cache.size < 64) cache.set(key, png);
  }
  return png;
}

const clamp = (n: number): number => Math.min(MAX_SIDE, Math.max(1, Math.round(Number.isFinite(n) ? n : 120)));

function encodePng(w: number, h: number): Buffer {
  // Each row: filter byte 0, then RGB. The triangle points right, centred, a third of the height.
  const rows = Buffer.alloc((w * 3 + 1) * h);
  const side = h / 3;
  const cx = w / 2, cy = h / 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = x + 0.5 - (cx - side / 3), dy = Math.abs(y + 0.5 - cy);
      const inside = dx >= 0 && dx <= side && dy <= (side / 2) * (1 - dx / side);
      rows.fill(inside ? 0xff : 0x6e, y * (w * 3 + 1) + 1 + x * 3, y * (w * 3 + 1) + 4 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, truecolour, deflate, no filter set, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
