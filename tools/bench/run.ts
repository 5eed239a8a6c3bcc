// `npm run bench`: throughput on loopback and on emulated links, latency, memory, requests and
// bundle size of the uploader, measured in one run on this machine and printed as one table with
// the targets. Every throughput figure is a ratio to one plain POST of the same picked File,
// measured alternately in the same run, so a machine's speed (or load) cancels out.
//
// The local API runs in its own process (Vite's dev server with the API plugin, api-process.ts),
// Debian Chromium is driven through Playwright, and each line uploads a real file on disk picked
// with setInputFiles, as a user's pick is. The page's script (page.ts) is bundled for production
// here and added to the page by Playwright. Emulated links are server faults: one bandwidth cap
// shared by every request (one link, not one per request) plus latency on every answer.
// `npm run bench -- --sweep` instead compares fixed chunk sizes and concurrencies on loopback;
// `-- --element` runs only the element's measures (element-measures.ts: many files, a background
// tab); `-- --local-api` only the local API's own lines (local-api.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { build } from 'esbuild';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { launchOptions } from '../../test/chromium.mjs';
import type { FaultRule, LoggedRequest } from '../../server/control/types.ts';
import { startApiProcess, type ApiProcess } from './api-process.ts';
import { bundleSizes } from './bundle-size.ts';
import { streamRows } from './stream-rows.ts';
import { measureBackground, measureManyFiles } from './element-measures.ts';
import { pingUnderLoadRows, stateChangeRows } from './local-api.ts';
import type { BenchPage, BenchTiming } from './page.ts';
import { mostOpen, requestsBetween, timeline } from './request-timeline.ts';

const MiB = 1024 * 1024;
const root = path.resolve(import.meta.dirname, '../..');
const ALTERNATIONS = 3;
/** More on loopback: a shared machine's load swings a single run there the most. */
const LOOPBACK_ALTERNATIONS = 7;
const SAMPLE_EVERY_MS = 100;

/** The files the driver picks, one per line, each sized so its line stays within a minute or so. */
const FILES = {
  loopback: 256 * MiB,
  fastLink: 128 * MiB,
  slowLink: 16 * MiB,
  latency: 32 * MiB,
  realistic: 48 * MiB,
  memory: 1024 * MiB,
  oneChunk: MiB,
  hundredChunks: 100 * MiB,
} as const;
type FileName = keyof typeof FILES;
const fileName = (key: FileName) => `${key}.mp4`;

/** Emulated links: one bandwidth cap for every upload request together, and latency on every answer. */
const link = (bytesPerSecond: number, ms: number): FaultRule[] => [
  { kind: 'bandwidth', action: 'upload', bytesPerSecond, shared: true },
  { kind: 'latency', ms },
];
const FAST_LINK = { label: '24 MB/s + 20 ms', faults: link(24_000_000, 20) };
/** A realistic uplink (issue 24): the element and the element with `no-preview` against one POST. */
const REALISTIC_LINK = FAST_LINK;
const MANY_SMALL = { count: 120, bytes: 200 * 1024, latencyMs: 40 };
const SLOW_LINK = { label: '2 MB/s + 80 ms', faults: link(2_000_000, 80) };
const LATENCY_MS = 60;
const MANY_FILES = 1000;
const SMALL_FILE_BYTES = 2048;
const BACKGROUND_BYTES = 64 * MiB;

type EngineOptions = Parameters<BenchPage['engine']>[1];
type Mode = 'element' | 'element-no-preview' | 'engine' | 'single';

interface Row {
  measure: string;
  figure: string;
  target: string;
  pass?: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mibps = (bytes: number, ms: number) => bytes / MiB / (ms / 1000);
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const log = (line: string) => console.error(`[bench] ${line}`);
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** A file of `bytes` whose content never repeats at a chunk boundary (1 MiB + 7 random bytes, repeated). */
function writeSourceFile(file: string, bytes: number): void {
  const block = crypto.randomBytes(MiB + 7);
  const fd = fs.openSync(file, 'w');
  try {
    for (let written = 0; written < bytes; ) {
      const n = Math.min(block.length, bytes - written);
      fs.writeSync(fd, block, 0, n);
      written += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** page.ts with the element and the engine, bundled as an app would ship them (Lit's production build). */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(root, 'tools/bench/page.ts')],
    bundle: true, minify: true, format: 'esm', target: 'es2022', write: false, logLevel: 'silent',
    tsconfig: path.join(root, 'tsconfig.json'),
    // package.json marks only dist/define.js as having side effects; src/define.ts has them too.
    ignoreAnnotations: true,
  });
  return result.outputFiles[0].text;
}

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100)
}

/** Busy and total jiffies of all cores, from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = values.map(Number);
  const total = n.reduce((a, b) => a + b, 0);
  return { busy: total - n[3] - (n[4] ?? 0), total };
}

function rssKiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

interface Runs {
  ms: number[];
  /** The single POST's time in the same pair (modes other than `single`). */
  paired: number[];
  apiCpu: number[];
  busy: number[];
  /** uploadToken.upload requests of each run: 2 when the probe was followed by the whole file. */
  chunks: number[];
}

class Bench {
  constructor(readonly api: ApiProcess, readonly page: Page, readonly cdp: CDPSession) {}

  engine(file: FileName, options: EngineOptions = {}): Promise<BenchTiming> {
    return this.page.evaluate(([f, o]) => window.bench.engine(f, o), [fileName(file), options] as const);
  }

  element(file: FileName, faultsAt?: { share: number; faults: FaultRule[] }, attrs: Record<string, string> = {}): Promise<BenchTiming> {
    return this.page.evaluate(([f, a, at]) => window.bench.element(f, at, a), [fileName(file), faultsAt, attrs] as const);
  }

  single(file: FileName): Promise<BenchTiming> {
    return this.page.evaluate((f) => window.bench.single(f), fileName(file));
  }

  run(mode: Mode, file: FileName): Promise<BenchTiming> {
    if (mode === 'element-no-preview') return this.element(file, undefined, { 'no-preview': '' });
    return mode === 'element' ? this.element(file) : mode === 'engine' ? this.engine(file) : this.single(file);
  }

  async setFaults(rules: FaultRule[]): Promise<void> {
    const res = await fetch(`${this.api.url}/__dev/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(rules) });
    if (!res.ok) throw new Error(`setting faults failed: ${await res.text()}`);
  }

  async requestLog(): Promise<LoggedRequest[]> {
    return (await fetch(`${this.api.url}/__dev/requests`)).json() as Promise<LoggedRequest[]>;
  }

  /** HTTP requests one engine upload makes (multirequest sub-items, logged as service 'media', excluded), and how many carried bytes. */
  async requestsFor(file: FileName, options: EngineOptions = {}): Promise<{ count: number; chunks: number; kinds: string }> {
    const before = (await this.requestLog()).length;
    await this.engine(file, options);
    const calls = (await this.requestLog()).slice(before).filter((r) => r.service.toLowerCase() !== 'media');
    const kinds = new Map<string, number>();
    for (const r of calls) {
      const name = r.action ? `${r.service}.${r.action}` : r.service;
      kinds.set(name, (kinds.get(name) ?? 0) + 1);
    }
    const chunks = calls.filter((r) => r.action === 'upload').length;
    return { count: calls.length, chunks, kinds: [...kinds].map(([k, n]) => `${k}×${n}`).join(', ') };
  }

  async heapUsed(): Promise<number> {
    const { metrics } = (await this.cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  }

  /**
   * Each mode against one POST of the same file, in adjacent pairs (which of the two goes first
   * alternates), so a ratio compares runs that met the same load; per mode the times, the single
   * POST's time in its pair, the API process's CPU (share of one core), how busy the machine was,
   * and how many uploadToken.upload requests each run made.
   */
  async alternate(file: FileName, modes: Exclude<Mode, 'single'>[], alternations = ALTERNATIONS): Promise<Record<Mode, Runs>> {
    const all: Mode[] = [...modes, 'single'];
    const runs = Object.fromEntries(all.map((m) => [m, { ms: [], paired: [], apiCpu: [], busy: [], chunks: [] }])) as unknown as Record<Mode, Runs>;
    const timed = async (mode: Mode) => {
      const cpu0 = cpuSeconds(this.api.pid);
      const m0 = machineTicks();
      const { ms, uploadTokenId } = await this.run(mode, file);
      const m1 = machineTicks();
      const r = runs[mode];
      r.ms.push(ms);
      r.apiCpu.push((cpuSeconds(this.api.pid) - cpu0) / (ms / 1000));
      r.busy.push((m1.busy - m0.busy) / (m1.total - m0.total));
      r.chunks.push((await this.requestLog()).filter((q) => q.action === 'upload' && q.uploadTokenId === uploadTokenId).length);
      return ms;
    };
    for (let i = 0; i < alternations; i++) {
      for (const mode of modes) {
        const single = i % 2 ? await timed('single') : 0;
        const ms = await timed(mode);
        runs[mode].paired.push(single || (await timed('single')));
        const chunks = runs[mode].chunks.at(-1);
        log(`  #${i + 1}: ${mode} ${fmt(mibps(FILES[file], ms))} MiB/s (${chunks} uploadToken.upload), one POST ${fmt(mibps(FILES[file], runs[mode].paired.at(-1)!))} MiB/s`);
      }
    }
    return runs;
  }
}

/** The median over alternations of `mode`'s speed ÷ the single POST's in the same pair. */
function ratioToSingle(runs: Record<Mode, Runs>, mode: Mode): { ratio: number; ratios: number[] } {
  const ratios = runs[mode].ms.map((ms, i) => runs[mode].paired[i] / ms);
  return { ratio: median(ratios), ratios };
}

/**
 * Bytes of a token's upload requests beyond the file's size: requests that did not succeed count
 * with the size of the chunk they carried (the request that later succeeded at the same offset),
 * so a retried chunk counts whole, as it was sent again whole. Chromium's own re-sends of a
 * request whose connection died show up as requests of their own.
 */
function resentBytes(requests: LoggedRequest[], tokenId: string, size: number): { resent: number; largest: number; failed: number } {
  const uploads = requests.filter((r) => r.action === 'upload' && r.uploadTokenId === tokenId);
  const ok = uploads.filter((r) => r.outcome === 'ok');
  const sizeAt = new Map(ok.map((r) => [r.resumeAt, r.bytes ?? 0]));
  const failed = uploads.filter((r) => r.outcome !== 'ok');
  const sent = ok.reduce((sum, r) => sum + (r.bytes ?? 0), 0) + failed.reduce((sum, r) => sum + (sizeAt.get(r.resumeAt) ?? 0), 0);
  return { resent: sent - size, largest: Math.max(...ok.map((r) => r.bytes ?? 0)), failed: failed.length };
}

async function measureMemory(bench: Bench, file: FileName) {
  await bench.cdp.send('HeapProfiler.collectGarbage');
  const heapBase = await bench.heapUsed();
  const rssBase = rssKiB(bench.api.pid) * 1024;
  let heapPeak = heapBase;
  let rssPeak = rssBase;
  let done = false;
  const sampler = (async () => {
    while (!done) {
      heapPeak = Math.max(heapPeak, await bench.heapUsed());
      rssPeak = Math.max(rssPeak, rssKiB(bench.api.pid) * 1024);
      await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
    }
  })();
  const upload = await bench.engine(file).finally(() => (done = true));
  await sampler;
  return { heapGrowth: heapPeak - heapBase, heapBase, rssGrowth: rssPeak - rssBase, rssBase, ms: upload.ms };
}

function printTable(rows: Row[]): void {
  const cells = rows.map((r) => [r.measure, r.figure, r.target, r.pass === undefined ? '' : r.pass ? 'pass ✓' : 'FAIL ✗']);
  const head = ['measure', 'figure', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const c of cells) console.log(line(c));
}

const ratioRow = (measure: string, r: { ratio: number; ratios: number[] }, fast: Runs, single: Runs, bytes: number, target: number): Row => ({
  measure,
  figure: `${fmt(r.ratio, 2)} (${fmt(mibps(bytes, median(fast.ms)), 0)} vs ${fmt(mibps(bytes, median(single.ms)), 0)} MiB/s; runs ${r.ratios.map((x) => fmt(x, 2)).join(' ')})`,
  target: `≥ ${fmt(target, 2)}`,
  pass: r.ratio >= target,
});

async function main(): Promise<void> {
  const sweep = process.argv.includes('--sweep');
  const elementOnly = process.argv.includes('--element');
  // `--only=loopback,realistic,links,latency,memory,streams,requests,many,small,background,bundle,local-api`: those sections alone
  // (for developing; a shared machine's figures are steadier one section at a time); `--timeline`
  // prints the request timeline of one 48 MiB element upload on the realistic link.
  const onlyArg = process.argv.find((a) => a.startsWith('--only='));
  const only = onlyArg ? new Set(onlyArg.slice(7).split(',')) : undefined;
  const timelineOnly = process.argv.includes('--timeline');
  const want = (section: string) => !timelineOnly && (!only || only.has(section));
  const started = Date.now();
  const loadAtStart = loadAverage();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-bench-'));
  let api: ApiProcess | undefined;
  let browser: Browser | undefined;
  const cleanup = () => {
    api?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  try {
    if (process.argv.includes('--local-api')) {
      printTable([...(await stateChangeRows(tmp)), ...(await pingUnderLoadRows(tmp))]);
      return;
    }
    log(`load average ${loadAtStart}; writing the source files in ${tmp}`);
    const paths = (Object.keys(FILES) as FileName[]).map((key) => {
      const file = path.join(tmp, fileName(key));
      writeSourceFile(file, FILES[key]);
      return file;
    });
    api = await startApiProcess(path.join(tmp, 'data'));
    log(`local API (vite, pid ${api.pid}) at ${api.url}`);
    browser = await chromium.launch(launchOptions);
    // The pages' CSP asks for Trusted Types, which addScriptTag (below) does not use: the bench is no CSP test.
    const page = await browser.newPage({ bypassCSP: true });
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    await page.goto(`${api.url}/tools/bench/page.html`);
    // Added as content: serving it through page.route would switch on Playwright's request
    // interception for every request of the page, and chunk uploads through it crawl.
    await page.addScriptTag({ content: await bundlePage(), type: 'module' });
    await page.waitForFunction(() => window.bench?.ready);
    await page.locator('#file').setInputFiles(paths);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const bench = new Bench(api, page, cdp);
    await bench.engine('oneChunk'); // warm-up: the server's first token, the page's first requests
    await bench.element('oneChunk');

    if (sweep) {
      // BENCH_CONFIGS='[{"chunkSize":268435456}]' replaces the list below.
      const configs: EngineOptions[] = process.env.BENCH_CONFIGS ? JSON.parse(process.env.BENCH_CONFIGS) : [
        {}, { chunkSize: 16 * MiB }, { chunkSize: 16 * MiB, concurrency: 2 }, { chunkSize: 32 * MiB }, { chunkSize: 64 * MiB },
        { chunkSize: 8 * MiB }, { chunkSize: 32 * MiB, concurrency: 2 },
      ];
      const rows: Row[] = [];
      for (const options of configs) {
        const ms: number[] = [];
        const single: number[] = [];
        for (let i = 0; i < 2; i++) {
          ms.push((await bench.engine('loopback', options)).ms);
          single.push((await bench.single('loopback')).ms);
        }
        const ratio = median(ms.map((m, i) => single[i] / m));
        rows.push({
          measure: `engine ${JSON.stringify(options)} ÷ one POST, ${FILES.loopback / MiB} MiB`,
          figure: `${fmt(ratio, 2)} (${fmt(mibps(FILES.loopback, median(ms)), 0)} vs ${fmt(mibps(FILES.loopback, median(single)), 0)} MiB/s)`,
          target: '≥ 0.95', pass: ratio >= 0.95,
        });
      }
      printTable(rows);
      return;
    }

    const rows: Row[] = [];
    if (timelineOnly) {
      await bench.setFaults(REALISTIC_LINK.faults);
      for (const mode of ['element', 'single'] as const) {
        const from = Date.now();
        const { ms } = await bench.run(mode, 'realistic');
        const all = await bench.requestLog();
        const requests = requestsBetween(all, from, Date.now());
        console.log(`${mode === 'single' ? 'one POST of the File' : 'element'}, ${FILES.realistic / MiB} MiB, ${REALISTIC_LINK.label}: ${fmt(ms, 0)} ms in the page; ${requests.length} requests, at most ${mostOpen(requests)} open at once (start ms, end ms, call; the server's clock)`);
        for (const line of timeline(all, requests)) console.log(line);
      }
      await bench.setFaults([]);
      return;
    }
    if (!elementOnly && want('loopback')) {
      log(`1. loopback, ${FILES.loopback / MiB} MiB: element, element with no-preview and engine with defaults vs one POST of the File, ${LOOPBACK_ALTERNATIONS} alternations`);
      const loop = await bench.alternate('loopback', ['element', 'element-no-preview', 'engine'], LOOPBACK_ALTERNATIONS);
      const element = ratioToSingle(loop, 'element');
      const noPreview = ratioToSingle(loop, 'element-no-preview');
      rows.push({ ...ratioRow(`loopback, ${FILES.loopback / MiB} MiB: element (defaults) ÷ one POST of the File, median; no run < 0.85`, element, loop.element, loop.single, FILES.loopback, 0.93), pass: element.ratio >= 0.93 && Math.min(...element.ratios) >= 0.85 });
      rows.push(ratioRow(`loopback, ${FILES.loopback / MiB} MiB: element with no-preview ÷ one POST`, noPreview, loop['element-no-preview'], loop.single, FILES.loopback, 0.93));
      rows.push({ measure: '  the preview’s cost: element with no-preview ÷ element − 1 (medians of the ratios)', figure: pct(noPreview.ratio / element.ratio - 1), target: '< 3%', pass: noPreview.ratio / element.ratio - 1 < 0.03 });
      rows.push(ratioRow(`loopback, ${FILES.loopback / MiB} MiB: engine alone (defaults) ÷ one POST`, ratioToSingle(loop, 'engine'), loop.engine, loop.single, FILES.loopback, 0.95));
      rows.push({
        measure: '  API process CPU (of one core), element / engine / one POST',
        figure: `${pct(median(loop.element.apiCpu))} / ${pct(median(loop.engine.apiCpu))} / ${pct(median(loop.single.apiCpu))}; machine busy ${pct(median(loop.element.busy))} / ${pct(median(loop.engine.busy))} / ${pct(median(loop.single.busy))} of ${os.cpus().length} cores`,
        target: '',
      });
    }
    if (!elementOnly && want('realistic')) {
      log(`1b. realistic link ${REALISTIC_LINK.label}, ${FILES.realistic / MiB} MiB: element and element with no-preview vs one POST, ${ALTERNATIONS} alternations`);
      await bench.setFaults(REALISTIC_LINK.faults);
      const runs = await bench.alternate('realistic', ['element', 'element-no-preview']);
      await bench.setFaults([]);
      rows.push(ratioRow(`link ${REALISTIC_LINK.label}, ${FILES.realistic / MiB} MiB: element ÷ one POST`, ratioToSingle(runs, 'element'), runs.element, runs.single, FILES.realistic, 0.97));
      rows.push(ratioRow(`link ${REALISTIC_LINK.label}, ${FILES.realistic / MiB} MiB: element with no-preview ÷ one POST`, ratioToSingle(runs, 'element-no-preview'), runs['element-no-preview'], runs.single, FILES.realistic, 0.97));
    }
    if (!elementOnly && want('links')) {
      for (const [key, line] of [['fastLink', FAST_LINK], ['slowLink', SLOW_LINK]] as const) {
        log(`2. emulated link ${line.label}, ${FILES[key] / MiB} MiB: element vs one POST, ${ALTERNATIONS} alternations`);
        await bench.setFaults(line.faults);
        const runs = await bench.alternate(key, ['element']);
        rows.push(ratioRow(`link ${line.label}, ${FILES[key] / MiB} MiB: element ÷ one POST`, ratioToSingle(runs, 'element'), runs.element, runs.single, FILES[key], 0.95));
        if (key === 'slowLink') {
          log(`   the same link, a connection dropped 256 KiB into a chunk once 40% of the file is confirmed`);
          const before = (await bench.requestLog()).length;
          const drop: FaultRule = { kind: 'drop', action: 'upload', resume: true, finalChunk: false, afterBytes: 256 * 1024, times: 1 };
          const { uploadTokenId } = await bench.element(key, { share: 0.4, faults: [...line.faults, drop] });
          const r = resentBytes((await bench.requestLog()).slice(before), uploadTokenId!, FILES[key]);
          rows.push({
            measure: `link ${line.label}: bytes sent again after a dropped connection mid-upload`,
            figure: `${fmt(r.resent / MiB, 2)} MiB (${r.failed} request${r.failed === 1 ? '' : 's'} cut; largest chunk ${fmt(r.largest / MiB, 2)} MiB)`,
            target: '≤ 2 MiB', pass: r.failed > 0 && r.resent <= 2 * MiB,
          });
        }
        await bench.setFaults([]);
      }
    }
    if (!elementOnly && want('latency')) {
      log(`3. latency: ${LATENCY_MS} ms on every answer, ${FILES.latency / MiB} MiB: fixed 1 MiB chunks at default concurrency and at 1, and defaults`);
      await bench.setFaults([{ kind: 'latency', ms: LATENCY_MS }]);
      const latency = { parallel: [] as number[], sequential: [] as number[], defaults: [] as number[] };
      for (let i = 0; i < ALTERNATIONS; i++) {
        latency.parallel.push((await bench.engine('latency', { chunkSize: MiB })).ms);
        latency.sequential.push((await bench.engine('latency', { chunkSize: MiB, concurrency: 1 })).ms);
        latency.defaults.push((await bench.engine('latency')).ms);
        log(`  #${i + 1}: 1 MiB chunks ${fmt(latency.parallel[i], 0)} ms, 1 MiB chunks one at a time ${fmt(latency.sequential[i], 0)} ms, defaults ${fmt(latency.defaults[i], 0)} ms`);
      }
      await bench.setFaults([]);
      const latencyRatio = median(latency.sequential.map((s, i) => s / latency.parallel[i]));
      const chunks = FILES.latency / MiB;
      // Round trips one after another: token, first chunk, the middle ones in rounds of 6, final, entry.
      const bound = (chunks + 2) / (4 + Math.ceil((chunks - 2) / 6));
      rows.push({
        measure: `+${LATENCY_MS} ms latency, ${chunks} MiB, 1 MiB chunks: default concurrency ÷ concurrency 1 (median of ${ALTERNATIONS})`,
        figure: `${fmt(latencyRatio, 1)}× faster (${fmt(median(latency.parallel), 0)} ms vs ${fmt(median(latency.sequential), 0)} ms; at most ${fmt(bound, 1)}× when bytes take no time: ${chunks + 2} round trips vs ${4 + Math.ceil((chunks - 2) / 6)})`,
        target: '≥ 3.5×', pass: latencyRatio >= 3.5,
      });
      const defaultsRatio = median(latency.sequential.map((s, i) => s / latency.defaults[i]));
      rows.push({
        measure: `  same link: defaults ÷ 1 MiB chunks one at a time`,
        figure: `${fmt(defaultsRatio, 1)}× faster (${fmt(median(latency.defaults), 0)} ms)`,
        target: '≥ 4×', pass: defaultsRatio >= 4,
      });

    }
    if (!elementOnly && want('memory')) {
      log(`4. memory: ${FILES.memory / MiB} MiB upload with defaults, sampling every ${SAMPLE_EVERY_MS} ms`);
      const m = await measureMemory(bench, 'memory');
      rows.push({
        measure: `page JS heap growth, ${FILES.memory / MiB} MiB upload (peak − start, CDP JSHeapUsedSize)`,
        figure: `${fmt(m.heapGrowth / MiB)} MiB (start ${fmt(m.heapBase / MiB)} MiB; upload ${fmt(mibps(FILES.memory, m.ms), 0)} MiB/s)`,
        target: '< 64 MiB', pass: m.heapGrowth < 64 * MiB,
      });
      rows.push({
        measure: `local API RSS growth, same upload (vite process hosting the API)`,
        figure: `${fmt(m.rssGrowth / MiB)} MiB (start ${fmt(m.rssBase / MiB)} MiB)`,
        target: '< 64 MiB', pass: m.rssGrowth < 64 * MiB,
      });

    }
    if (!elementOnly && want('streams')) {
      log('4b. streams (a recording in progress)');
      rows.push(...(await streamRows(page, cdp, log)));
    }
    if (!elementOnly && want('small')) {
      const { count, bytes, latencyMs } = MANY_SMALL;
      log(`4c. ${count} files of ${bytes / 1024} KiB, +${latencyMs} ms on every answer: one <kaltura-uploader multiple> with defaults vs plain POSTs 6 at a time`);
      await bench.setFaults([{ kind: 'latency', ms: latencyMs }]);
      const element: number[] = [];
      const plain: number[] = [];
      let open = 0;
      for (let i = 0; i < 2; i++) {
        const from = Date.now();
        element.push((await page.evaluate(([n, b]) => window.bench.elementMany(n, b), [count, bytes] as const)).ms);
        const requests = requestsBetween(await bench.requestLog(), from, Date.now());
        open = Math.max(open, mostOpen(requests));
        plain.push((await page.evaluate(([n, b]) => window.bench.singleMany(n, b, 6), [count, bytes] as const)).ms);
        log(`  #${i + 1}: element ${fmt(element[i]! / 1000, 2)} s (${requests.length} requests, at most ${mostOpen(requests)} open at once), plain POSTs ${fmt(plain[i]! / 1000, 2)} s`);
      }
      await bench.setFaults([]);
      rows.push({
        measure: `${count} files × ${bytes / 1024} KiB, +${latencyMs} ms per answer, element multiple (defaults): total`,
        figure: `${fmt(median(element) / 1000, 2)} s, at most ${open} requests open at once (plain POSTs 6 at a time: ${fmt(median(plain) / 1000, 2)} s; element ÷ plain ${fmt(median(plain) / median(element), 2)})`,
        target: '≤ 5 s', pass: median(element) <= 5000,
      });
    }
    if (!elementOnly && want('requests')) {
      log('5. requests per upload');
      for (const [file, options, label] of [
        ['oneChunk', {}, '1 MiB, defaults'],
        ['loopback', {}, `${FILES.loopback / MiB} MiB, defaults`],
        ['hundredChunks', { chunkSize: MiB }, '100 MiB, chunkSize 1 MiB'],
      ] as const) {
        const r = await bench.requestsFor(file, options);
        rows.push({ measure: `HTTP requests, ${label}`, figure: `${r.count} for ${r.chunks} chunk${r.chunks === 1 ? '' : 's'} (${r.kinds})`, target: '≤ chunks + 3', pass: r.count <= r.chunks + 3 });
      }
    }

    // The element's page replaces the bench page in this tab: these come after the engine lines.
    if (want('many')) {
      log(`6. ${MANY_FILES} files of ${SMALL_FILE_BYTES} B through the element`);
      rows.push(...(await measureManyFiles(page, cdp, api.url, MANY_FILES, SMALL_FILE_BYTES)));
    }
    if (want('background')) {
      log(`7. ${BACKGROUND_BYTES / MiB} MiB through the element, tab in front vs in the background`);
      rows.push(...(await measureBackground(api.url, paths[(Object.keys(FILES) as FileName[]).indexOf('memory')]!, BACKGROUND_BYTES, ALTERNATIONS)));
    }
    if (want('bundle')) {
    log('8. bundle sizes (esbuild, minified, gzip -9, lit external)');
    const sizes = await bundleSizes();
    const kb = (n: number) => `${fmt(n / 1024, 2)} KiB (${n} B)`;
    rows.push({ measure: 'engine alone, min+gzip (src/engine/chunked-upload.ts)', figure: `${kb(sizes.engine.gzip)}`, target: '≤ 7 KiB', pass: sizes.engine.gzip <= 7 * 1024 });
    rows.push({ measure: 'engine + element, min+gzip (a page importing ChunkedUpload, KalturaUploaderElement, UploadError)', figure: `${kb(sizes.engineAndElement.gzip)}`, target: '≤ 18 KiB', pass: sizes.engineAndElement.gzip <= 18 * 1024 });
    rows.push({ measure: '  every export of src/index.ts, min+gzip', figure: `${kb(sizes.everyExport.gzip)}`, target: '' });
    const lazy = Object.entries(sizes.engineAndElement.lazy).map(([chunk, gzip]) => `${chunk.replace(/-[A-Z0-9]+\.js$/, '')} ${gzip} B`);
    rows.push({ measure: '  loaded on first use (import()), gzip each', figure: lazy.join(', ') || 'none', target: '' });
    rows.push({ measure: 'language packs, min+gzip each (src/locales)', figure: Object.entries(sizes.locales).map(([lang, gzip]) => `${lang} ${gzip} B`).join(', '), target: '' });

    }
    if (want('local-api')) {
      log('9. the local API: a state change with many records stored, ping while a big body trickles in');
      rows.push(...(await stateChangeRows(tmp)), ...(await pingUnderLoadRows(tmp)));
    }

    const version = browser.version();
    console.log(`kaltura-chunked-upload bench — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 1024 ** 3, 0)} GiB RAM, Node ${process.version}, Chromium ${version}, local API on 127.0.0.1 (own process); load average ${loadAtStart} at the start, ${loadAverage()} at the end`);
    printTable(rows);
    console.log(`(bench took ${fmt((Date.now() - started) / 1000, 0)} s)`);
    if (rows.some((r) => r.pass === false)) process.exitCode = 1;
  } finally {
    await browser?.close();
    cleanup();
  }
}

await main();
