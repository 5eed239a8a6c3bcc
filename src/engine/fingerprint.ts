// Recognises "the same file again" after a reload, without reading it whole: the browser gives no
// stable file identity, so name, size, lastModified and the partner are hashed together with the
// file's first and last 64 KiB (a different file with the same name and size differs there).

/** Bytes read from each end of the file for the fingerprint. */
export const FINGERPRINT_EDGE_BYTES = 64 * 1024;

/** What file-keys.ts exports as `fileFingerprint`, loaded on first call (documented there). */
export async function fileFingerprint(file: Blob, fileName: string, partnerId?: number): Promise<string> {
  const edge = FINGERPRINT_EDGE_BYTES;
  // slice() clamps to the file: a small file has all of it in `head` and an empty `tail`.
  const head = file.slice(0, edge);
  const tail = file.slice(Math.max(edge, file.size - edge));
  const lastModified = (file as File).lastModified ?? 0;
  const meta = JSON.stringify(['kcu-fingerprint-v1', fileName, file.size, lastModified, partnerId ?? null]);
  const bytes = await new Blob([meta, '\n', head, tail]).arrayBuffer();
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The key of `file`'s record in a resume store (file-keys.ts exports it as `resumeKey`). */
export function resumeKey(file: Blob, options: { partnerId?: number; fileName?: string }): Promise<string> {
  return fileFingerprint(file, options.fileName || (file as File).name, options.partnerId);
}
