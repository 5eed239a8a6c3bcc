// `npm run api`: the local Kaltura-compatible API alone on http://127.0.0.1:$PORT (default 8480).
// Settings: PORT, KALTURA_PARTNER_ID, KALTURA_ADMIN_SECRET, KALTURA_USER_SECRET, KALTURA_DATA_DIR.
import { DEFAULT_ADMIN_SECRET, optionsFromEnv } from './options.ts';
import { startKalturaServer } from './start-server.ts';

const options = optionsFromEnv();
const port = Number(process.env.PORT ?? 8480);
const server = await startKalturaServer({ ...options, port });
const secretNote = options.adminSecret === DEFAULT_ADMIN_SECRET ? ' (the dev default; set KALTURA_ADMIN_SECRET to change it)' : '';

console.log(`Local Kaltura-compatible API: ${server.url}
  service URL   ${server.url}   (endpoints under /api_v3)
  partner id    ${options.partnerId}
  admin secret  ${options.adminSecret === DEFAULT_ADMIN_SECRET ? DEFAULT_ADMIN_SECRET : 'from KALTURA_ADMIN_SECRET'}${secretNote}
  data dir      ${options.dataDir}

Get a KS (a USER session for "alice", valid one day):
  curl -s -X POST ${server.url}/api_v3/service/session/action/start \\
    -H 'Content-Type: application/json' \\
    -d '{"format":1,"partnerId":${options.partnerId},"type":0,"userId":"alice","secret":"${options.adminSecret === DEFAULT_ADMIN_SECRET ? DEFAULT_ADMIN_SECRET : '$KALTURA_ADMIN_SECRET'}"}'
Press Ctrl+C to stop.`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
