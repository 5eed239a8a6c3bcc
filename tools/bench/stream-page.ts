// The page side of the bench's stream lines: the engine given a ReadableStream (as a recording is
// given), paced or as fast as it is read, with its pieces as Blobs of the picked file (what a
// MediaRecorder hands out: bytes outside the JS heap) or as Uint8Arrays made in the page (bytes
// that pass through the JS heap).
import { ChunkedUpload } from '../../src/engine/chunked-upload.ts';

export interface StreamTiming {
  /** ms from the stream's close to the entry (start() resolved). */
  closeToEntryMs: number;
  /** ms from the first piece to the close. */
  streamMs: number;
  bytes: number;
  entryId: string;
}

export interface StreamBench {
  /** Uploads `bytes` as a stream of `pieceBytes` pieces, at most `bytesPerSecond` (0: as fast as it is read). */
  stream(bytes: number, options: { pieceBytes: number; bytesPerSecond: number; pieces: 'file' | 'memory' }): Promise<StreamTiming>;
}

declare global {
  interface Window {
    benchStream: StreamBench;
  }
}

async function stream(bytes: number, { pieceBytes, bytesPerSecond, pieces }: { pieceBytes: number; bytesPerSecond: number; pieces: 'file' | 'memory' }): Promise<StreamTiming> {
  // The largest picked file (the memory line's 1 GiB): pieces are slices of it, bytes on disk.
  const picked = [...document.querySelector<HTMLInputElement>('#file')!.files!].sort((a, b) => b.size - a.size)[0];
  const ks = (await (await fetch('/__dev/session', { method: 'POST' })).json()) as string;
  let sent = 0;
  let startedAt = 0;
  let closedAt = 0;
  const source = new ReadableStream<Uint8Array | Blob>({
    async pull(controller) {
      if (!startedAt) startedAt = performance.now();
      if (sent >= bytes) {
        closedAt = performance.now();
        return controller.close();
      }
      const due = startedAt + (bytesPerSecond ? (sent / bytesPerSecond) * 1000 : 0);
      if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
      const size = Math.min(pieceBytes, bytes - sent);
      const offset = sent % (picked.size - size);
      controller.enqueue(pieces === 'file' ? picked.slice(offset, offset + size) : new Uint8Array(size).fill(sent / pieceBytes));
      sent += size;
    },
  });
  const upload = new ChunkedUpload(source, { serviceUrl: location.origin, ks, fileName: 'bench-recording.webm' });
  const { entryId } = await upload.start();
  const doneAt = performance.now();
  return { closeToEntryMs: doneAt - closedAt, streamMs: closedAt - startedAt, bytes, entryId };
}

window.benchStream = { stream };
