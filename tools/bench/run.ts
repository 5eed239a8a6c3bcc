// `npm run bench`: throughput, latency, memory, requests and bundle size of the uploader, measured
// in one run on this machine and printed as one table with the targets.
//
// The local API runs in its own process (Vite's dev server with the API plugin, api-process.ts),
// Debian Chromium is driven through Playwright, and the uploaded files are real files on disk
// (picked with setInputFiles, as a user's pick is). `npm run bench -- --sweep` instead compares
// chunk sizes and concurrencies against the single-POST limit; `-- --element` runs only the
// element's measures (element-measures.ts: many files, a background tab); `-- --local-api` only
// the local API's own lines (local-api.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { launchOptions } from '../../test/chromium.mjs';
import { startApiProcess, type ApiProcess } from './api-process.ts';
import { bundleSizes } from './bundle-size.ts';
import { pingUnderLoadRows, stateChangeRows } from './local-api.ts';
import { measureBackground, measureManyFiles } from './element-measures.ts';
import type { BenchPage } from './page.ts';

const MiB = 1024 * 1024;
const THROUGHPUT_BYTES = 256 * MiB;
const LATENCY_BYTES = 32 * MiB;
const LATENCY_MS = 60;
const MEMORY_BYTES = 1024 * MiB;
const MANY_FILES = 1000;
const SMALL_FILE_BYTES = 2048;
const BACKGROUND_BYTES = 64 * MiB;
const ALTERNATIONS = 3;
const SAMPLE_EVERY_MS = 100;

type EngineOptions = Parameters<BenchPage['engine']>[1];

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
const log = (line: string) => console.error(`[bench] ${line}`);

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

class Bench {
  constructor(readonly api: ApiProcess, readonly page: Page, readonly cdp: CDPSession) {}

  engine(bytes: number, options: EngineOptions = {}) {
    return this.page.evaluate(([b, o]) => window.bench.engine(b, o), [bytes, options] as const);
  }

  single(bytes: number) {
    return this.page.evaluate((b) => window.bench.single(b), bytes);
  }

  async setFaults(rules: unknown[]): Promise<void> {
    const res = await fetch(`${this.api.url}/__dev/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(rules) });
    if (!res.ok) throw new Error(`setting faults failed: ${await res.text()}`);
  }

  async requestLog(): Promise<{ service: string; action: string; item?: number }[]> {
    return (await fetch(`${this.api.url}/__dev/requests`)).json() as Promise<{ service: string; action: string; item?: number }[]>;
  }

  /** HTTP requests one engine upload makes (the calls inside a multirequest, logged with `item`, excluded). */
  async requestsFor(bytes: number, options: EngineOptions = {}): Promise<{ count: number; kinds: string }> {
    const before = (await this.requestLog()).length;
    await this.engine(bytes, options);
    const calls = (await this.requestLog()).slice(before).filter((r) => r.item === undefined);
    const kinds = new Map<string, number>();
    for (const r of calls) {
      const name = r.action ? `${r.service}.${r.action}` : r.service;
      kinds.set(name, (kinds.get(name) ?? 0) + 1);
    }
    return { count: calls.length, kinds: [...kinds].map(([k, n]) => `${k}×${n}`).join(', ') };
  }

  async heapUsed(): Promise<number> {
    const { metrics } = (await this.cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  }

  /** Engine vs single POST, alternating which goes first; returns the median ratio and speeds. */
  async throughput(bytes: number, alternations: number, options: EngineOptions = {}) {
    const engine: number[] = [];
    const single: number[] = [];
    const apiCpu = { engine: [] as number[], single: [] as number[] };
    const busy = { engine: [] as number[], single: [] as number[] };
    const timed = async (mode: 'engine' | 'single', run: () => Promise<{ ms: number }>) => {
      const cpu0 = cpuSeconds(this.api.pid);
      const m0 = machineTicks();
      const { ms } = await run();
      apiCpu[mode].push((cpuSeconds(this.api.pid) - cpu0) / (ms / 1000));
      const m1 = machineTicks();
      busy[mode].push((m1.busy - m0.busy) / (m1.total - m0.total));
      return ms;
    };
    for (let i = 0; i < alternations; i++) {
      const runEngine = async () => engine.push(await timed('engine', () => this.engine(bytes, options)));
      const runSingle = async () => single.push(await timed('single', () => this.single(bytes)));
      if (i % 2 === 0) {
        await runEngine();
        await runSingle();
      } else {
        await runSingle();
        await runEngine();
      }
      log(`  ${JSON.stringify(options)} #${i + 1}: engine ${fmt(mibps(bytes, engine[i]))} MiB/s, single POST ${fmt(mibps(bytes, single[i]))} MiB/s`);
    }
    const ratios = engine.map((ms, i) => single[i] / ms);
    return {
      ratio: median(ratios), ratios, engine: mibps(bytes, median(engine)), single: mibps(bytes, median(single)),
      apiCpu: { engine: median(apiCpu.engine), single: median(apiCpu.single) },
      machineBusy: { engine: median(busy.engine), single: median(busy.single) },
    };
  }
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

const pct = (x: number) => `${Math.round(x * 100)}%`;

function rssKiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

async function measureMemory(bench: Bench, bytes: number) {
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
  const upload = await bench.engine(bytes).finally(() => (done = true));
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

/** Steps 1–4: the engine's throughput, latency, memory and request counts. */
async function engineMeasures(bench: Bench, rows: Row[]): Promise<void> {
  log(`1. throughput: ${THROUGHPUT_BYTES / MiB} MiB, defaults vs one POST, ${ALTERNATIONS} alternations`);
  const t = await bench.throughput(THROUGHPUT_BYTES, ALTERNATIONS);
  rows.push({
    measure: `  API process CPU / whole machine busy, defaults vs one POST`,
    figure: `${pct(t.apiCpu.engine)} vs ${pct(t.apiCpu.single)} of a core / ${pct(t.machineBusy.engine)} vs ${pct(t.machineBusy.single)} of ${os.cpus().length} cores`,
    target: '',
  });
  rows.unshift({
    measure: `throughput, ${THROUGHPUT_BYTES / MiB} MiB file, defaults ÷ one POST (median of ${ALTERNATIONS})`,
    figure: `${fmt(t.ratio, 2)} (${fmt(t.engine, 0)} vs ${fmt(t.single, 0)} MiB/s; runs ${t.ratios.map((r) => fmt(r, 2)).join(' ')})`,
    target: '≥ 0.90', pass: t.ratio >= 0.9,
  });

  log(`2. latency: ${LATENCY_MS} ms on every response, ${LATENCY_BYTES / MiB} MiB, defaults vs sequential 1 MiB chunks`);
  await bench.setFaults([{ kind: 'latency', ms: LATENCY_MS }]);
  const latencyRatios: number[] = [];
  const sequentialOptions = { chunkSize: MiB, concurrency: 1 };
  const latencyTimes = { defaults: [] as number[], sequential: [] as number[] };
  for (let i = 0; i < ALTERNATIONS; i++) {
    const d = (await bench.engine(LATENCY_BYTES)).ms;
    const s = (await bench.engine(LATENCY_BYTES, sequentialOptions)).ms;
    latencyTimes.defaults.push(d);
    latencyTimes.sequential.push(s);
    latencyRatios.push(s / d);
    log(`  #${i + 1}: defaults ${fmt(d, 0)} ms, sequential 1 MiB ${fmt(s, 0)} ms`);
  }
  await bench.setFaults([]);
  const latencyRatio = median(latencyRatios);
  rows.push({
    measure: `+${LATENCY_MS} ms latency, ${LATENCY_BYTES / MiB} MiB: sequential 1 MiB chunks ÷ defaults (median of ${ALTERNATIONS})`,
    figure: `${fmt(latencyRatio, 1)}× (${fmt(median(latencyTimes.defaults), 0)} ms vs ${fmt(median(latencyTimes.sequential), 0)} ms)`,
    target: '≥ 4×', pass: latencyRatio >= 4,
  });

  log(`3. memory: ${MEMORY_BYTES / MiB} MiB upload with defaults, sampling every ${SAMPLE_EVERY_MS} ms`);
  const m = await measureMemory(bench, MEMORY_BYTES);
  rows.push({
    measure: `page JS heap growth, ${MEMORY_BYTES / MiB} MiB upload (peak − start, CDP JSHeapUsedSize)`,
    figure: `${fmt(m.heapGrowth / MiB)} MiB (start ${fmt(m.heapBase / MiB)} MiB; upload ${fmt(mibps(MEMORY_BYTES, m.ms), 0)} MiB/s)`,
    target: '< 64 MiB', pass: m.heapGrowth < 64 * MiB,
  });
  rows.push({
    measure: `local API RSS growth, same upload (vite process hosting the API)`,
    figure: `${fmt(m.rssGrowth / MiB)} MiB (start ${fmt(m.rssBase / MiB)} MiB)`,
    target: '< 64 MiB', pass: m.rssGrowth < 64 * MiB,
  });

  log('4. requests per upload');
  const one = await bench.requestsFor(MiB);
  rows.push({ measure: 'HTTP requests, 1 chunk (1 MiB, defaults)', figure: `${one.count} (${one.kinds})`, target: '≤ 3 (chunks + 2)', pass: one.count <= 3 });
  const hundred = await bench.requestsFor(100 * MiB, { chunkSize: MiB });
  rows.push({ measure: 'HTTP requests, 100 chunks (100 MiB, chunkSize 1 MiB)', figure: `${hundred.count} (${hundred.kinds})`, target: '≤ 102 (chunks + 2)', pass: hundred.count <= 102 });
}

async function main(): Promise<void> {
  const sweep = process.argv.includes('--sweep');
  const elementOnly = process.argv.includes('--element');
  const started = Date.now();
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
    const source = path.join(tmp, 'source.bin');
    log(`writing a ${MEMORY_BYTES / MiB} MiB source file in ${tmp}`);
    writeSourceFile(source, MEMORY_BYTES);
    api = await startApiProcess(path.join(tmp, 'data'));
    log(`local API (vite, pid ${api.pid}) at ${api.url}`);
    browser = await chromium.launch(launchOptions);
    const page = await browser.newPage();
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    await page.goto(`${api.url}/tools/bench/page.html`);
    await page.waitForFunction(() => window.bench?.ready);
    await page.locator('#file').setInputFiles(source);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const bench = new Bench(api, page, cdp);
    await bench.engine(8 * MiB); // warm-up: Vite's first transforms, the server's first token

    if (sweep) {
      // BENCH_CONFIGS='[{"chunkSize":268435456}]' replaces the list below.
      const configs: EngineOptions[] = process.env.BENCH_CONFIGS ? JSON.parse(process.env.BENCH_CONFIGS) : [
        {}, { concurrency: 2 }, { concurrency: 6 }, { chunkSize: 32 * MiB }, { chunkSize: 64 * MiB },
        { chunkSize: 32 * MiB, concurrency: 2 }, { chunkSize: 64 * MiB, concurrency: 2 }, { chunkSize: 8 * MiB, concurrency: 6 },
      ];
      const rows: Row[] = [];
      for (const options of configs) {
        const t = await bench.throughput(THROUGHPUT_BYTES, 2, options);
        rows.push({
          measure: `throughput ${JSON.stringify(options)}`,
          figure: `${fmt(t.ratio, 2)} (${fmt(t.engine, 0)} vs ${fmt(t.single, 0)} MiB/s; API CPU ${pct(t.apiCpu.engine)} vs ${pct(t.apiCpu.single)} of a core; machine busy ${pct(t.machineBusy.engine)} vs ${pct(t.machineBusy.single)})`,
          target: '≥ 0.90', pass: t.ratio >= 0.9,
        });
      }
      printTable(rows);
      return;
    }

    const rows: Row[] = [];
    if (!elementOnly) await engineMeasures(bench, rows);

    log(`5. ${MANY_FILES} files of ${SMALL_FILE_BYTES} B through the element`);
    rows.push(...(await measureManyFiles(page, cdp, api.url, MANY_FILES, SMALL_FILE_BYTES)));
    log(`6. ${BACKGROUND_BYTES / MiB} MiB through the element, tab in front vs in the background`);
    rows.push(...(await measureBackground(api.url, source, BACKGROUND_BYTES, ALTERNATIONS)));

    log('7. bundle sizes (esbuild, minified, gzip -9, lit external)');
    const sizes = await bundleSizes();
    const kb = (n: number) => `${fmt(n / 1024, 2)} KiB`;
    rows.push({ measure: 'engine alone, min+gzip (src/engine/chunked-upload.ts)', figure: `${kb(sizes.engine.gzip)} (min ${kb(sizes.engine.min)})`, target: '≤ 7 KiB', pass: sizes.engine.gzip <= 7 * 1024 });
    rows.push({ measure: 'engine + element, min+gzip (src/index.ts + src/define.ts)', figure: `${kb(sizes.engineAndElement.gzip)} (min ${kb(sizes.engineAndElement.min)})`, target: '≤ 18 KiB', pass: sizes.engineAndElement.gzip <= 18 * 1024 });
    const lazy = Object.entries(sizes.engineAndElement.lazy).map(([chunk, gzip]) => `${chunk.replace(/-[A-Z0-9]+\.js$/, '')} ${gzip} B`);
    rows.push({ measure: '  loaded on first use (import()), gzip each', figure: lazy.join(', ') || 'none', target: '' });
    rows.push({ measure: 'language packs, min+gzip each (src/locales)', figure: Object.entries(sizes.locales).map(([lang, gzip]) => `${lang} ${gzip} B`).join(', '), target: '' });

    log('8. the local API: a state change with many records stored, ping while a big body trickles in');
    rows.push(...(await stateChangeRows(tmp)), ...(await pingUnderLoadRows(tmp)));

    const version = browser.version();
    console.log(`kaltura-chunked-upload bench — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 1024 ** 3, 0)} GiB RAM, Node ${process.version}, Chromium ${version}, local API on 127.0.0.1 (own process)`);
    printTable(rows);
    console.log(`(bench took ${fmt((Date.now() - started) / 1000, 0)} s)`);
    if (rows.some((r) => r.pass === false)) process.exitCode = 1;
  } finally {
    await browser?.close();
    cleanup();
  }
}

await main();
