// Checks made before any request, so a file that cannot be uploaded never costs a round trip.

/** Why a file was turned away; the element turns it into words with its strings. */
export type Rejection = 'FILE_TYPE_NOT_ACCEPTED' | 'FILE_TOO_LARGE' | 'EMPTY_FILE' | 'DURATION_TOO_SHORT' | 'DURATION_TOO_LONG';

/**
 * Does `file` match an `accept` list as `<input accept>` reads it: extensions (`.mp4`),
 * MIME types (`video/mp4`) and wildcards (`video/*`), case-insensitive. An empty list accepts all.
 */
export function matchesAccept(file: File, accept: string | undefined): boolean {
  const tokens = (accept ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  if (!tokens.length) return true;
  const name = file.name.toLowerCase();
  const type = file.type.toLowerCase();
  return tokens.some((t) =>
    t.startsWith('.') ? name.endsWith(t) : t.endsWith('/*') ? type.startsWith(t.slice(0, -1)) : type === t,
  );
}

/** The first reason to reject `file`, or undefined when it may be uploaded. */
export function checkFile(file: File, accept?: string, maxFileSize?: number): Rejection | undefined {
  if (!matchesAccept(file, accept)) return 'FILE_TYPE_NOT_ACCEPTED';
  if (maxFileSize != null && maxFileSize > 0 && file.size > maxFileSize) return 'FILE_TOO_LARGE';
  if (file.size === 0) return 'EMPTY_FILE';
  return undefined;
}

/**
 * Whether a duration (seconds, read in the browser) is outside `min-duration` / `max-duration`.
 * A duration that could not be read is not a reason to reject: the file may still be fine for
 * Kaltura, which reads it again.
 */
export function checkDuration(duration: number | undefined, min?: number, max?: number): Rejection | undefined {
  if (duration === undefined) return undefined;
  if (min && duration < min) return 'DURATION_TOO_SHORT';
  if (max && duration > max) return 'DURATION_TOO_LONG';
  return undefined;
}
