// `npm run soak -- --element [--seed N] [--files N]`: files through one <kaltura-uploader> in real
// Chromium against the local API, under the server faults of the engine soak (soak-plan.ts), with
// server restarts and KS expiries. Files arrive in waves; the element's queue runs 2-3 at once;
// the page pauses, cancels (uploading or still queued), retries failures and removes finished rows
// through the rows' buttons (element-soak-page.ts). Each wave changes the faults and sometimes the
// element's chunk size, concurrency and parallel files.
//
// What a user would check, per file: a completed row's entry holds exactly the file (sha256) and
// has its content; a cancelled row left no upload token behind that the page knew of (none, or
// status 5 DELETED); every row ends (none stuck in the queue). The last line is
// `files: N, corrupted: N, lost: N, stuck: N` (corrupted also counts a cancelled file that left a
// token; lost: a file that ended in failure after the person's retries); the exit code is 1
// unless all three are 0. The seed fixes the plan; timings vary from run to run. SOAK_DEBUG=1
// prints, for a corrupted file, every call that named its tokens or entry.
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { launchOptions } from '../../test/chromium.mjs';
import { startEnginePageServer } from '../../test/e2e/engine-page-server.ts';
import type { ElementSettings, ElementSoakFile, ElementSoakOutcome } from './element-soak-page.ts';
import { FAULTS, KiB, MiB, fileSizeFrom, randomFrom, type Random } from './soak-plan.ts';

const PAGE = '/tools/soak/element-soak.html';
/** A file whose row has not ended this long after it was added is stuck. */
const FILE_TIMEOUT_MS = 180_000;
/** Rows kept unfinished in the list: the queue always has more than it may run. */
const BACKLOG = 5;

function planFile(r: Random, index: number): ElementSoakFile {
  const roll = r.next();
  return {
    name: `esoak-${index}.mp4`,
    size: fileSizeFrom(r),
    seed: r.int(1, 2 ** 31),
    action: roll < 0.2 ? 'pause' : roll < 0.3 ? 'cancel' : roll < 0.35 ? 'cancel-queued' : 'none',
    at: 0.05 + r.next() * 0.8,
    pauseMs: r.int(50, 1_500),
  };
}

function planSettings(r: Random): ElementSettings {
  return { chunkSize: r.pick([256 * KiB, 1 * MiB, 3 * MiB + 7, 5 * MiB, 16 * MiB]), concurrency: r.int(1, 6), maxParallelFiles: r.int(2, 3) };
}

export async function runElementSoak(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { seed: { type: 'string' }, files: { type: 'string', default: '100' } } });
  const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
  const count = Number(values.files);
  if (!Number.isInteger(seed) || !(Number.isInteger(count) && count > 0)) {
    console.error('usage: npm run soak -- --element [--seed <integer>] [--files <count>]');
    return 2;
  }
  console.log(`element soak: ${count} files, seed ${seed} (npm run soak -- --element --seed ${seed} repeats the plan)`);
  const r = randomFrom(seed);
  const files = Array.from({ length: count }, (_, i) => planFile(r, i + 1));

  const server = await startEnginePageServer({ pages: [PAGE] });
  const api = await server.freshApi({ conversionMs: 0 });
  const browser = await chromium.launch(launchOptions);
  const addedAt = new Map<string, number>();
  const hits = { restart: 0, expireKs: 0 };
  let outcomes: Record<string, ElementSoakOutcome> = {};
  try {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (e) => console.error(`[element soak page] ${e.message}`));
    await page.exposeFunction('newKs', () => api.startSession({ userId: 'element-soak' }));
    await page.goto(server.url + PAGE);
    await page.waitForFunction(() => window.elementSoak?.ready, undefined, { timeout: 60_000 });

    let next = 0;
    let events: Promise<void>[] = [];
    for (;;) {
      outcomes = await page.evaluate(() => window.elementSoak.outcomes);
      const open = files.filter((f) => addedAt.has(f.name) && outcomes[f.name]?.end === 'pending');
      const overdue = open.filter((f) => Date.now() - addedAt.get(f.name)! > FILE_TIMEOUT_MS);
      if (next >= files.length && open.length === overdue.length) break;
      if (next < files.length && open.length < BACKLOG) {
        // A new wave: new faults, sometimes new element settings, sometimes a restart or an expiry ahead.
        const wave = files.slice(next, next + r.int(1, 4));
        next += wave.length;
        api.faults.set(Array.from({ length: r.int(0, 3) }, () => r.pick(FAULTS)(r)));
        if (r.chance(0.3)) await page.evaluate((s) => window.elementSoak.settings(s), planSettings(r));
        for (const kind of ['restart', 'expireKs'] as const) {
          if (!r.chance(kind === 'restart' ? 0.15 : 0.15)) continue;
          const afterMs = r.int(50, 1_500);
          events.push(new Promise<void>((resolve) => setTimeout(resolve, afterMs)).then(async () => {
            if (kind === 'restart') await api.restart();
            else api.faults.add({ kind: 'expireKs' });
            hits[kind]++;
          }));
        }
        for (const f of wave) addedAt.set(f.name, Date.now());
        await page.evaluate((w) => window.elementSoak.add(w), wave);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(events);
    events = [];
    api.faults.clear();
    const rows = await page.evaluate(() => window.elementSoak.rows());

    let corrupted = 0;
    let lost = 0;
    let stuck = 0;
    for (const f of files) {
      const o = outcomes[f.name];
      const verdict = await verdictOf(f, o, rows[f.name]);
      if (verdict.startsWith('CORRUPTED') || verdict.startsWith('LEFT A TOKEN')) corrupted++;
      else if (verdict.startsWith('LOST')) lost++;
      else if (verdict.startsWith('STUCK')) stuck++;
      const extra = o && o.retries ? `, ${o.retries} retries` : '';
      console.log(`${f.name} ${(f.size / MiB).toFixed(2)} MiB ${f.action === 'none' ? '' : `${f.action}@${Math.round(f.at * 100)}% `}→ ${verdict}${extra}`);
    }
    console.log(`mid-run: ${hits.restart} server restarts, ${hits.expireKs} KS expiries`);
    console.log(`files: ${files.length}, corrupted: ${corrupted}, lost: ${lost}, stuck: ${stuck}`);
    return corrupted || lost || stuck ? 1 : 0;
  } finally {
    await browser.close();
    await server.close();
  }

  /** What a user would check for one file. */
  async function verdictOf(f: ElementSoakFile, o: ElementSoakOutcome | undefined, row: string | undefined): Promise<string> {
    if (!o || o.end === 'pending') return `STUCK (row ${row ?? 'gone'}, states ${o?.states.join(' ') ?? 'none'})`;
    if (o.end === 'error') return `LOST (${o.errorCode}, states ${o.states.join(' ')})`;
    if (o.end === 'cancelled') {
      // The server's own view: every token made for this file. One the page never named in a call
      // was made by an uploadToken.add whose answer was lost (a restart cut it): no client can know
      // its id, so it is noted, not counted.
      const named = new Set(api.requests.list().map((q) => q.uploadTokenId));
      const left = [...api.store.tokens.values()].filter((t) => t.fileName === f.name && t.status !== 5);
      const known = left.filter((t) => named.has(t.id));
      const orphans = left.length > known.length ? ` (and ${left.length - known.length} token(s) from an uploadToken.add whose answer was lost, never known to the page)` : '';
      return known.length ? `LEFT A TOKEN (${known.map((t) => `${t.id} status ${t.status}`).join(', ')}; states ${o.states.join(' ')})${orphans}` : `cancelled, no token left${orphans}`;
    }
    const entry = await api.entryInfo(o.entryId!);
    const whole = entry?.sha256 === o.sha256 && entry.size === f.size;
    const hasContent = entry !== null && (entry.status === 1 || entry.status === 2);
    if (!(whole && hasContent) && process.env.SOAK_DEBUG) {
      // Every call that named this file's tokens or its entry, to see how it went wrong.
      const tokens = new Set([...api.store.tokens.values()].filter((t) => t.fileName === f.name).map((t) => t.id));
      for (const q of api.requests.list().filter((q) => tokens.has(q.uploadTokenId ?? '') || q.entryId === o.entryId)) {
        console.log(`   ${q.at} ${q.service}.${q.action} ${q.uploadTokenId ?? ''} ${q.entryId ?? ''} ${q.resumeAt ?? ''}${q.finalChunk ? ' final' : ''} → ${q.outcome} ${q.faults?.join(',') ?? ''}`);
      }
    }
    return whole && hasContent ? 'ok' : `CORRUPTED (entry ${o.entryId}: status ${entry?.status}, size ${entry?.size} of ${f.size}, sha256 ${whole ? 'equal' : 'differs'})`;
  }
}
