// `npm run api`: the local Kaltura-compatible API alone on http://127.0.0.1:$PORT (default 8480).
// Settings: PORT, KALTURA_PARTNER_ID, KALTURA_ADMIN_SECRET, KALTURA_USER_SECRET, KALTURA_DATA_DIR,
// KALTURA_TRUSTED_ORIGINS.
import { DEFAULT_USER_SECRET, optionsFromEnv } from '../core/options.ts';
import { startKalturaServer, type RunningServer } from './start-server.ts';

let server: RunningServer;
const options = optionsFromEnv();
try {
  server = await startKalturaServer({ ...options, port: Number(process.env.PORT ?? 8480) });
} catch (error) {
  console.error(`Could not start the local Kaltura API: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

// The data dir's own admin secret is printed so a newcomer can copy it; a secret set in the environment is not.
const adminSecret = options.adminSecret ? '$KALTURA_ADMIN_SECRET' : server.api.options.adminSecret;
const trusted = server.api.options.trustedOrigins;
const userSecret = options.userSecret === DEFAULT_USER_SECRET ? DEFAULT_USER_SECRET : '$KALTURA_USER_SECRET';
console.log(`Local Kaltura-compatible API: ${server.url}
  service URL   ${server.url}   (endpoints under /api_v3)
  partner id    ${options.partnerId}
  admin secret  ${adminSecret}   (made for this data dir, kept in it; ADMIN sessions only for Node clients and ${trusted.length ? trusted.join(', ') : 'no web page'})
  user secret   ${userSecret}   (USER sessions only)
  data dir      ${server.api.options.dataDir}

Get a KS (a USER session for "alice", valid one day):
  curl -s -X POST ${server.url}/api_v3/service/session/action/start \\
    -H 'Content-Type: application/json' \\
    -d '{"format":1,"partnerId":${options.partnerId},"type":0,"userId":"alice","secret":"${userSecret}"}'
Press Ctrl+C to stop.`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
