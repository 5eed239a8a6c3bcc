// Width and height of an uploaded image, read from its header as PHP's getimagesize() does for
// thumbAsset.addFromImage (ThumbAssetService::addFromImageAction): PNG, GIF, JPEG and WebP. Only
// the first 64 KiB are read; a file that is none of these has no size (Kaltura then leaves the
// asset's width and height empty, and still keeps it).
import fs from 'node:fs';

export interface ImageSize {
  width: number;
  height: number;
}

const HEAD_BYTES = 64 * 1024;

export async function imageSize(file: string): Promise<ImageSize | undefined> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    return sizeOf(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** The size from an image's first bytes, if they are a PNG, GIF, JPEG or WebP header. */
export function sizeOf(b: Buffer): ImageSize | undefined {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47 && b.toString('latin1', 12, 16) === 'IHDR') {
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length >= 10 && b.toString('latin1', 0, 4) === 'GIF8') return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length >= 30 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return webpSize(b);
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegSize(b);
  return undefined;
}

/** Walks the JPEG markers to the first start-of-frame (SOF0-SOF15 but DHT, JPG and DAC). */
function jpegSize(b: Buffer): ImageSize | undefined {
  let at = 2;
  while (at + 9 <= b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
    }
    at += 2 + b.readUInt16BE(at + 2);
  }
  return undefined;
}

/** VP8 (lossy), VP8L (lossless) and VP8X (extended) WebP headers. */
function webpSize(b: Buffer): ImageSize | undefined {
  switch (b.toString('latin1', 12, 16)) {
    case 'VP8 ':
      return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
    case 'VP8L': {
      const bits = b.readUInt32LE(21);
      return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    case 'VP8X':
      return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
    default:
      return undefined;
  }
}
