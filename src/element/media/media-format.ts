// A media file's duration as people read it on a row: as a clock ("0:05", "1:02:03", the way
// players show them; also for the duration limits). Frame sizes ("1920×1080"): preview-view.ts.

/** Seconds → "m:ss", or "h:mm:ss" from an hour; whole seconds, rounded down as players show them. */
export function formatClock(seconds: number): string {
  const total = Math.floor(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${h ? `${h}:${two(m)}` : m}:${two(total % 60)}`;
}
