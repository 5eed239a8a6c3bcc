// `fileFingerprint` and `resumeKey` as the package exports them. The hashing behind them loads on
// first call: most pages never call them (the engine itself hashes only when resuming, from a chunk
// of its own). Both answer with a promise anyway, so the import costs a caller nothing.

/**
 * A hex SHA-256 that identifies `file` for one partner: its name, size, lastModified and partner
 * hashed with its first and last 64 KiB (it reads at most 128 KiB of the file). Needs
 * `crypto.subtle` (secure contexts: https or localhost).
 */
export async function fileFingerprint(file: Blob, fileName: string, partnerId?: number): Promise<string> {
  return (await import('./fingerprint.js')).fileFingerprint(file, fileName, partnerId);
}

/**
 * The key of `file`'s record in a resume store, as the engine computes it for these options
 * (`fileName`, `partnerId`): a hex SHA-256 of the file's fingerprint. Needs `crypto.subtle`.
 */
export async function resumeKey(file: Blob, options: { partnerId?: number; fileName?: string }): Promise<string> {
  return (await import('./fingerprint.js')).resumeKey(file, options);
}
