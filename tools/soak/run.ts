// `npm run soak [-- --seed N] [--uploads N] [--only I] [--parallel N]`: many uploads through the engine in real Chromium
// against the local API while the server misbehaves (dropped connections, 5xx and 429 pages,
// stalls, latency, slow merges, answers lost after the work was done on any call, Kaltura's
// transient exceptions and empty answers, expired KSes, restarts) and the page pauses and
// resumes. Each upload ends with a check a user would make: the entry holds exactly the file
// (sha256) and has its content. At the end, no entry may be left without content (IMPORT or
// NO_CONTENT): a completed upload leaves none of its own making. The last line is
// `uploads: N, corrupted: N, lost: N`; the exit code is 1 unless both are 0 and no entry was left.
//
// SOAK_DEBUG=1 prints, for a corrupted upload, every call that named its token or entry;
// SOAK_TRACE=1 the server's request log of a failed one (always printed for a group that left an
// entry without content).
//
// The seed fixes the plan (files, settings, which faults and when); which requests a
// probabilistic fault hits, and the timing, vary from run to run. `--parallel N` runs the uploads
// N at a time in one page (as the element's queue does); the server then has the faults and
// events of all N at once.
//
// `npm run soak -- --element [--seed N] [--files N]` soaks the element instead (element-soak.ts);
// `npm run soak -- --model [--element] [--sequences N] [--seed N]` runs the engine's (or the element's) model-based test with many
// sequences (model-soak.ts).
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { launchOptions } from '../../test/chromium.mjs';
import type { FaultRule } from '../../server/control/types.ts';
import { startEnginePageServer } from '../../test/e2e/engine-page-server.ts';
import type { SoakOutcome, SoakUpload } from './soak-page.ts';
import { FAULTS, KiB, MiB, fileSizeFrom, randomFrom, type Random } from './soak-plan.ts';

if (process.argv.includes('--model')) {
  const { runModelSoak } = await import('./model-soak.ts');
  process.exit(await runModelSoak(process.argv.slice(2).filter((a) => a !== '--model')));
}

if (process.argv.includes('--element')) {
  const { runElementSoak } = await import('./element-soak.ts');
  process.exit(await runElementSoak(process.argv.slice(2).filter((a) => a !== '--element')));
}

/** One upload that takes longer than this counts as lost. */
const UPLOAD_TIMEOUT_MS = 180_000;

const { values } = parseArgs({ options: { seed: { type: 'string' }, uploads: { type: 'string', default: '50' }, only: { type: 'string' }, parallel: { type: 'string', default: '1' } } });
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const uploads = Number(values.uploads);
/** Runs only upload number `only` of the plan (to look at one failure again). */
const only = values.only !== undefined ? Number(values.only) : undefined;
const parallel = Number(values.parallel);
if (!Number.isInteger(seed) || !(Number.isInteger(uploads) && uploads > 0) || !(Number.isInteger(parallel) && parallel > 0)) {
  console.error('usage: npm run soak [-- --seed <integer>] [--uploads <count>] [--only <number>] [--parallel <count>]');
  process.exit(2);
}

interface Plan {
  upload: SoakUpload;
  faults: FaultRule[];
  /** Things that happen this many ms after the upload starts (if it is still running, they hit it). */
  events: Array<{ afterMs: number; kind: 'restart' | 'expireKs' }>;
}

function planOf(r: Random, index: number): Plan {
  const size = fileSizeFrom(r);
  // undefined: the engine sizes chunks itself (and may send the whole file in one request).
  const chunkSize = r.pick([undefined, undefined, 256 * KiB, 1 * MiB, 3 * MiB + 7, 5 * MiB, 16 * MiB]);
  const faults = Array.from({ length: r.int(0, 3) }, () => r.pick(FAULTS)(r));
  return {
    upload: {
      name: `soak-${index}.mp4`,
      size,
      seed: r.int(1, 2 ** 31),
      chunkSize,
      concurrency: r.int(1, 6),
      attachFirst: r.chance(0.3),
      pauseAt: r.chance(0.3) ? 0.1 + r.next() * 0.7 : undefined,
      pauseMs: r.int(50, 1_500),
      userRetries: 3,
    },
    faults,
    events: [
      ...(r.chance(0.25) ? [{ afterMs: r.int(50, 1_500), kind: 'restart' as const }] : []),
      // Every KS issued so far expires: the page's KS function must give a new one.
      ...(r.chance(0.2) ? [{ afterMs: r.int(50, 1_500), kind: 'expireKs' as const }] : []),
    ],
  };
}

function describe({ upload: u, faults, events }: Plan): string {
  const parts = [
    `${(u.size / MiB).toFixed(2)} MiB`, u.chunkSize ? `chunk ${(u.chunkSize / MiB).toFixed(2)} MiB` : 'chunk auto', `×${u.concurrency}`,
    ...(u.attachFirst ? ['attachFirst'] : []),
    ...(u.pauseAt !== undefined ? [`pause@${Math.round(u.pauseAt * 100)}%`] : []),
    ...faults.map((f) => f.kind),
    ...events.map((e) => `${e.kind}@${e.afterMs}ms`),
  ];
  return parts.join(' ');
}

/** What a user would check: the entry holds exactly the file and has its content. Counts the result. */
async function verdictOf(plan: Plan, outcome: SoakOutcome): Promise<string> {
  if (!outcome.entryId) {
    lost++;
    return `LOST (${outcome.errorCode}, token ${outcome.uploadTokenId ?? 'none'}, states ${outcome.states.join(' ')})`;
  }
  const entry = await api.entryInfo(outcome.entryId);
  const whole = entry?.sha256 === outcome.sha256 && entry.size === plan.upload.size;
  const hasContent = entry !== null && (entry.status === 1 || entry.status === 2);
  if (whole && hasContent) return 'ok';
  corrupted++;
  if (process.env.SOAK_DEBUG) {
    // Every call that named this upload's token or entry, to see how it went wrong.
    const token = outcome.uploadTokenId;
    console.log(`   token: ${JSON.stringify(await api.tokenInfo(token!))}`);
    for (const r of api.requests.list().filter((r) => r.uploadTokenId === token || r.entryId === outcome.entryId)) {
      console.log(`   ${r.at} ${r.service}.${r.action} ${r.resumeAt ?? ''}${r.finalChunk ? ' final' : ''} → ${r.outcome} ${r.faults?.join(',') ?? ''}`);
    }
  }
  return `CORRUPTED (entry ${outcome.entryId}: status ${entry?.status}, size ${entry?.size} of ${plan.upload.size}, sha256 ${whole ? 'equal' : 'differs'})`;
}

const random = randomFrom(seed);
console.log(`soak: ${uploads} uploads, seed ${seed} (npm run soak -- --seed ${seed} repeats the plan)`);

const SOAK_PAGE = '/tools/soak/soak.html';
const server = await startEnginePageServer({ pages: [SOAK_PAGE] });
const api = await server.freshApi({ conversionMs: 0 });
const browser = await chromium.launch(launchOptions);
let ran = 0;
let corrupted = 0;
let lost = 0;
/** Entries of the soak's user left in IMPORT (0) or NO_CONTENT (7), by id. */
const stranded: string[] = [];

/** What media.list gives an ADMIN KS: the soak user's entries still waiting for content. */
async function entriesWithoutContent(): Promise<string[]> {
  const res = await fetch(`${server.url}/api_v3/service/media/action/list?format=1`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      ks: api.startSession({ type: 2 }), format: 1, pager: { pageSize: 500 },
      filter: { objectType: 'KalturaMediaEntryFilter', userIdEqual: 'soak', statusIn: '0,7' },
    }),
  });
  const list = (await res.json()) as { objects?: { id: string }[] };
  if (!list.objects) throw new Error(`media.list failed: ${JSON.stringify(list)}`);
  return list.objects.map((e) => e.id);
}
/** Timed events that landed while their upload was still running, by kind. */
const hits = { restart: 0, expireKs: 0 };
try {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => console.error(`[soak page] ${e.message}`));
  await page.exposeFunction('newKs', () => api.startSession({ userId: 'soak' }));
  await page.goto(server.url + SOAK_PAGE);
  await page.waitForFunction(() => window.soak?.ready, undefined, { timeout: 60_000 });

  const plans = Array.from({ length: uploads }, (_, k) => ({ i: k + 1, plan: planOf(random, k + 1) }))
    .filter(({ i }) => only === undefined || i === only);
  for (let g = 0; g < plans.length; g += parallel) {
    const group = plans.slice(g, g + parallel);
    api.faults.set(group.flatMap(({ plan }) => plan.faults));
    const startedAt = Date.now();
    let running = group.length;
    // One "every KS expires" per group: two within a second would refuse the fresh KS a KS function
    // just returned, which real expiry (each KS at its own time) never does; the engine then fails
    // with INVALID_KS on purpose (it asks the function again once, not in a loop).
    const groupEvents = group.flatMap(({ plan }) => plan.events).sort((a, b) => a.afterMs - b.afterMs)
      .filter((e, k, all) => e.kind !== 'expireKs' || all.findIndex((x) => x.kind === 'expireKs') === k);
    const events = Promise.all(groupEvents.map(async ({ afterMs, kind }) => {
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      if (running > 0) hits[kind]++;
      if (kind === 'restart') await api.restart();
      else api.faults.add({ kind: 'expireKs' });
    }));
    const outcomes = await Promise.all(group.map(async ({ plan }) => {
      const outcome = await Promise.race([
        page.evaluate((spec) => window.soak.upload(spec), plan.upload),
        new Promise<undefined>((resolve) => setTimeout(resolve, UPLOAD_TIMEOUT_MS)),
      ]) ?? { ...(await page.evaluate((name) => window.soak.current[name], plan.upload.name)), errorCode: 'SOAK_TIMEOUT' };
      running--;
      return { outcome, seconds: ((Date.now() - startedAt) / 1000).toFixed(1) };
    }));
    await events; // they may land after the uploads: the next ones start on a settled server
    api.faults.clear();
    const newlyStranded = (await entriesWithoutContent()).filter((id) => !stranded.includes(id));
    stranded.push(...newlyStranded);
    for (const [k, { i, plan }] of group.entries()) {
      const { outcome, seconds } = outcomes[k];
      ran++;
      const verdict = await verdictOf(plan, outcome);
      const extra = [`${outcome.retries} retries`, ...(outcome.attempts > 1 ? [`${outcome.attempts} attempts`] : [])].join(', ');
      console.log(`#${String(i).padStart(2)} ${describe(plan)} → ${verdict} (${seconds} s, ${extra})`);
      // What the server saw of a failed upload (with SOAK_TRACE) or of a group that left an entry
      // empty (always: it is rare), to find the cause without a second run (no KS is logged).
      if ((verdict !== 'ok' && process.env.SOAK_TRACE) || newlyStranded.length) {
        if (newlyStranded.length) console.log(`    left in IMPORT or NO_CONTENT by this group: ${newlyStranded.join(', ')}`);
        for (const r of api.requests.list().filter((r) => r.at >= startedAt)) {
          const call = `${r.service}.${r.action}${r.item ? `#${r.item}` : ''}`;
          const chunk = r.resumeAt !== undefined ? ` resume=${r.resume} at=${r.resumeAt} final=${r.finalChunk} bytes=${r.bytes}` : '';
          console.log(`    ${r.at - startedAt}-${(r.doneAt ?? r.at) - startedAt} ms ${call}${chunk} ${r.uploadTokenId ?? ''} ${r.entryId ?? ''} → ${r.outcome}${r.faults?.length ? ` [${r.faults}]` : ''}`);
        }
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`mid-upload: ${hits.restart} server restarts, ${hits.expireKs} KS expiries`);
console.log(`entries left in IMPORT or NO_CONTENT: ${stranded.length}${stranded.length ? ` (${stranded.join(', ')})` : ''}`);
console.log(`uploads: ${ran}, corrupted: ${corrupted}, lost: ${lost}`);
process.exit(corrupted || lost || stranded.length ? 1 : 0);
