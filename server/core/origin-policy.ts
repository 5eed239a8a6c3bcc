// Which requests may use what only the developer should: session.start with the admin secret (an
// ADMIN KS) and the demo's dev routes. The API itself stays open to every origin (CORS `*`, as on
// Kaltura: a page elsewhere uploads with a KS its own server minted), but a page the developer
// happens to visit while `npm run demo` or `npm run api` runs must not mint an admin session or
// switch faults on. Trusted: a request with no Origin (Node clients, curl, the official client),
// or one from this server's own origin on a loopback or IP-literal host (the demo; a rebound DNS
// name is no such host), or from an origin listed in `trustedOrigins` (`*`: every origin).
import type { IncomingMessage } from 'node:http';

export function isTrustedRequest(req: IncomingMessage, trustedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (trustedOrigins.includes('*') || (origin && trustedOrigins.includes(origin))) return true;
  // A browser says where a request comes from even when it sends no Origin (a <script src>).
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') return false;
  if (!origin) return true;
  const host = req.headers.host ?? '';
  const own = `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${host}`;
  return origin === own && isLocalHost(host);
}

/** localhost, *.localhost, or an IP literal (v4 or [v6]), with or without a port. */
function isLocalHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || /^\[[0-9a-f:.]+\]$/.test(name);
}
