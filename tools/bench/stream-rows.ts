// The bench's stream lines (driver side): a 256 MiB stream paced below the loopback link, as a
// recording is (how soon the entry follows the stream's close), and a 1 GiB stream of pieces made
// in the page, read as fast as it goes (how much the page's heap grows: the stream room spills to
// IndexedDB and keeps only a few chunks in memory).
import type { CDPSession, Page } from 'playwright';
import type { StreamTiming } from './stream-page.ts';

const MiB = 1024 * 1024;
const CLOSE_BYTES = 256 * MiB;
const CLOSE_PACE = 32 * MiB;
const HEAP_BYTES = 1024 * MiB;

interface Row {
  measure: string;
  figure: string;
  target: string;
  pass?: boolean;
}

export async function streamRows(page: Page, cdp: CDPSession, log: (line: string) => void): Promise<Row[]> {
  const run = (bytes: number, options: { pieceBytes: number; bytesPerSecond: number; pieces: 'file' | 'memory' }) =>
    page.evaluate(([b, o]) => window.benchStream.stream(b, o), [bytes, options] as const) as Promise<StreamTiming>;
  const heapUsed = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  };

  log(`stream: ${CLOSE_BYTES / MiB} MiB at ${CLOSE_PACE / MiB} MiB/s in 1 MiB Blob pieces, close → entry`);
  const close = await run(CLOSE_BYTES, { pieceBytes: MiB, bytesPerSecond: CLOSE_PACE, pieces: 'file' });
  log(`  streamed in ${(close.streamMs / 1000).toFixed(1)} s; entry ${(close.closeToEntryMs / 1000).toFixed(2)} s after the close`);

  log(`stream: ${HEAP_BYTES / MiB} MiB of 1 MiB Uint8Array pieces as fast as read, page heap`);
  await cdp.send('HeapProfiler.collectGarbage');
  const base = await heapUsed();
  let peak = base;
  let done = false;
  const sampler = (async () => {
    while (!done) {
      peak = Math.max(peak, await heapUsed());
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const heap = await run(HEAP_BYTES, { pieceBytes: MiB, bytesPerSecond: 0, pieces: 'memory' }).finally(() => (done = true));
  await sampler;
  const mibps = HEAP_BYTES / MiB / ((heap.streamMs + heap.closeToEntryMs) / 1000);
  return [
    {
      measure: `stream close → entry, ${CLOSE_BYTES / MiB} MiB stream paced at ${CLOSE_PACE / MiB} MiB/s`,
      figure: `${(close.closeToEntryMs / 1000).toFixed(2)} s`, target: '≤ 3 s', pass: close.closeToEntryMs <= 3000,
    },
    {
      measure: `page JS heap growth, ${HEAP_BYTES / MiB} MiB stream (Uint8Array pieces, unpaced)`,
      figure: `${((peak - base) / MiB).toFixed(1)} MiB (start ${(base / MiB).toFixed(1)} MiB; ${mibps.toFixed(0)} MiB/s)`,
      target: '< 64 MiB', pass: peak - base < 64 * MiB,
    },
  ];
}
