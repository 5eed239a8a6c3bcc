// Settings of the local Kaltura-compatible API. Environment variables are read only by
// `optionsFromEnv()` (used by `npm run api` and the Vite/wtr adapters); tests pass options directly.
import os from 'node:os';
import path from 'node:path';
import type { TunableOptions } from '../control/types.ts';

/** Every setting; the timings tests may change (`TunableOptions`) are documented in control/types.ts. */
export interface ServerOptions extends TunableOptions {
  /** The one partner this server hosts. Env `KALTURA_PARTNER_ID`. @default 100 */
  partnerId: number;
  /** Signs every KS and opens ADMIN sessions. Env `KALTURA_ADMIN_SECRET`. @default 'local-dev-admin-secret' */
  adminSecret: string;
  /** Opens USER sessions only. Env `KALTURA_USER_SECRET`. @default 'local-dev-user-secret' */
  userSecret: string;
  /** Tokens, entries and uploaded bytes live here. Env `KALTURA_DATA_DIR`. @default <os tmpdir>/kaltura-chunked-upload-data */
  dataDir: string;
  /** session.start caps `expiry` at this (Kaltura's partner default). @default 86400 */
  maxKsExpirySeconds: number;
}

export const DEFAULT_ADMIN_SECRET = 'local-dev-admin-secret';
export const DEFAULT_USER_SECRET = 'local-dev-user-secret';

export const defaultOptions = (): ServerOptions => ({
  partnerId: 100,
  adminSecret: DEFAULT_ADMIN_SECRET,
  userSecret: DEFAULT_USER_SECRET,
  dataDir: path.join(os.tmpdir(), 'kaltura-chunked-upload-data'),
  finalChunkWaitMs: 45_000,
  maxResumeSeconds: 604_800,
  conversionMs: 3000,
  uploadUrl: '',
  replacementApproval: false,
  importTimeoutMs: 60_000,
  importMaxBytes: 2 * 1024 ** 3,
  maxKsExpirySeconds: 86_400,
});

/** Defaults overridden by KALTURA_PARTNER_ID, KALTURA_ADMIN_SECRET, KALTURA_USER_SECRET, KALTURA_DATA_DIR. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerOptions {
  const options = defaultOptions();
  if (env.KALTURA_PARTNER_ID) {
    const id = Number(env.KALTURA_PARTNER_ID);
    if (!Number.isInteger(id) || id <= 0) throw new Error(`KALTURA_PARTNER_ID must be a positive integer, got "${env.KALTURA_PARTNER_ID}"`);
    options.partnerId = id;
  }
  if (env.KALTURA_ADMIN_SECRET) options.adminSecret = env.KALTURA_ADMIN_SECRET;
  if (env.KALTURA_USER_SECRET) options.userSecret = env.KALTURA_USER_SECRET;
  if (env.KALTURA_DATA_DIR) options.dataDir = path.resolve(env.KALTURA_DATA_DIR);
  return options;
}
