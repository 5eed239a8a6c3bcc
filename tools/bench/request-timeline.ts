// What the server's request log says about one stretch of time: one line per HTTP request (its
// start and end in ms from the first one, and its call: a multirequest lists the calls inside it),
// and the most requests open at once. Read from the log the local API keeps (`/__dev/requests`),
// so the figures are the server's view: when a request arrived and when its handling ended.
import type { LoggedRequest } from '../../server/control/types.ts';

const callName = (r: LoggedRequest) => (r.action ? `${r.service}.${r.action}` : r.service);

/** Requests (not the calls inside multirequests) that arrived in [from, to]. */
export function requestsBetween(log: LoggedRequest[], from: number, to: number): LoggedRequest[] {
  return log.filter((r) => r.item === undefined && r.at >= from && r.at <= to);
}

/** The most requests open at the same moment. */
export function mostOpen(requests: LoggedRequest[]): number {
  const edges = requests.flatMap((r) => [[r.at, 1], [r.doneAt ?? r.at, -1]] as const);
  // An end and a start at the same ms: the end first (the two did not overlap).
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, d] of edges) most = Math.max(most, (open += d));
  return most;
}

/** One line per request: `start end call`, ms from the first request's start. */
export function timeline(log: LoggedRequest[], requests: LoggedRequest[]): string[] {
  const t0 = Math.min(...requests.map((r) => r.at));
  return requests.map((r) => {
    let call = callName(r);
    if (r.service === 'multirequest') {
      const items = log.filter((i) => i.item !== undefined && i.at === r.at).map(callName);
      call += ` [${items.join(', ')}]`;
    }
    if (r.bytes !== undefined || r.action === 'upload') call += ` resumeAt=${r.resumeAt} bytes=${r.bytes ?? '?'}${r.finalChunk ? ' final' : ''}`;
    const end = r.doneAt === undefined ? '   open' : String(r.doneAt - t0).padStart(7);
    return `${String(r.at - t0).padStart(7)} ${end}  ${call} (${r.outcome})`;
  });
}
