// Settings of the local Kaltura-compatible API. Environment variables are read only by
// `optionsFromEnv()` (used by `npm run api` and the Vite/wtr adapters); tests pass options directly.
import os from 'node:os';
import path from 'node:path';
import type { TunableOptions } from '../control/types.ts';

/** Every setting; the timings tests may change (`TunableOptions`) are documented in control/types.ts. */
export interface ServerOptions extends TunableOptions {
  /** The one partner this server hosts. Env `KALTURA_PARTNER_ID`. @default 100 */
  partnerId: number;
  /** Signs every KS and opens ADMIN sessions. Env `KALTURA_ADMIN_SECRET`. @default a random one kept in `dataDir` (file `admin-secret`) */
  adminSecret: string;
  /** Opens USER sessions only. Env `KALTURA_USER_SECRET`. @default 'local-dev-user-secret' */
  userSecret: string;
  /** Tokens, entries and uploaded bytes live here. Env `KALTURA_DATA_DIR`. @default <os tmpdir>/kaltura-chunked-upload-data */
  dataDir: string;
  /** session.start caps `expiry` at this (Kaltura's partner default). @default 86400 */
  maxKsExpirySeconds: number;
  /**
   * Origins besides the server's own (and clients that send none) that may start sessions with
   * the admin secret and use the dev routes (core/origin-policy.ts); `*` lets every origin.
   * Env `KALTURA_TRUSTED_ORIGINS` (comma-separated). @default []
   */
  trustedOrigins: string[];
}

export const DEFAULT_USER_SECRET = 'local-dev-user-secret';

/** Every default but the admin secret, which comes from the data dir (state/admin-secret.ts) when not given. */
export const defaultOptions = (): Omit<ServerOptions, 'adminSecret'> => ({
  partnerId: 100,
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
  trustedOrigins: [],
});

/** Defaults overridden by KALTURA_PARTNER_ID, KALTURA_ADMIN_SECRET, KALTURA_USER_SECRET, KALTURA_DATA_DIR, KALTURA_TRUSTED_ORIGINS. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<ServerOptions> {
  const options: Partial<ServerOptions> = defaultOptions();
  if (env.KALTURA_PARTNER_ID) {
    const id = Number(env.KALTURA_PARTNER_ID);
    if (!Number.isInteger(id) || id <= 0) throw new Error(`KALTURA_PARTNER_ID must be a positive integer, got "${env.KALTURA_PARTNER_ID}"`);
    options.partnerId = id;
  }
  if (env.KALTURA_ADMIN_SECRET) options.adminSecret = env.KALTURA_ADMIN_SECRET;
  if (env.KALTURA_USER_SECRET) options.userSecret = env.KALTURA_USER_SECRET;
  if (env.KALTURA_DATA_DIR) options.dataDir = path.resolve(env.KALTURA_DATA_DIR);
  if (env.KALTURA_TRUSTED_ORIGINS) options.trustedOrigins = env.KALTURA_TRUSTED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  return options;
}
