// What both soaks (`npm run soak`: the engine; `npm run soak -- --element`: the element) draw their
// plans from: a seedable random source and the menu of server faults.
import type { FaultRule } from '../../server/control/types.ts';

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** mulberry32: small, seedable, good enough to pick test cases. */
export function randomFrom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}
export type Random = ReturnType<typeof randomFrom>;

/** The fault menu: each upload (engine soak) or each wave of files (element soak) gets a few of these. */
export const FAULTS: ReadonlyArray<(r: Random) => FaultRule> = [
  () => ({ kind: 'drop', service: 'uploadToken', action: 'upload', probability: 0.15 }),
  () => ({ kind: 'http500', probability: 0.1 }),
  (r) => ({ kind: 'http503', probability: 0.1, retryAfter: r.int(0, 1) }),
  () => ({ kind: 'http429', service: 'uploadToken', action: 'upload', retryAfter: 1, times: 2 }),
  () => ({ kind: 'stall', service: 'uploadToken', action: 'upload', ms: 4_000, times: 1 }),
  (r) => ({ kind: 'latency', ms: r.int(10, 150) }),
  (r) => ({ kind: 'slowMerge', ms: r.int(200, 3_000) }),
  (r) => ({ kind: 'bandwidth', service: 'uploadToken', action: 'upload', bytesPerSecond: r.int(4, 40) * MiB }),
  () => ({ kind: 'loseAnswer', service: 'uploadToken', action: 'upload', probability: 0.1 }),
  // On every call, entry creation included (Chromium itself often re-sends a POST whose reused
  // connection closed before any answer: the engine must find the entries that made).
  () => ({ kind: 'loseAnswer', probability: 0.05 }),
  // Kaltura's passing failures, answered as exceptions over HTTP 200, or as an empty body.
  (r) => ({ kind: 'exception', code: r.pick(['INTERNAL_SERVERL_ERROR', 'INTERNAL_DATABASE_ERROR', 'LOCK_TIMED_OUT', 'ACTION_BLOCKED']), probability: 0.05 }),
  () => ({ kind: 'emptyBody', probability: 0.03 }),
];

/** A file size from the soaks' mix: tiny, small, medium, large. */
export function fileSizeFrom(r: Random): number {
  return r.pick([
    () => r.int(1, 4 * KiB), // smaller than any chunk
    () => r.int(64 * KiB, 2 * MiB),
    () => r.int(2 * MiB, 12 * MiB),
    () => r.int(12 * MiB, 40 * MiB),
  ])();
}
