// `npm run bench`'s measures of <kaltura-uploader> itself (tools/bench/element-page.ts): 1,000
// small files (the time to add them, main-thread long tasks while they upload, the page's heap per
// queued file), and a large file uploaded in a tab kept in front vs one sent to the background,
// in a Chromium whose background tabs are throttled as a person's are (test/helpers/background-tabs.ts).
import type { CDPSession, Page } from 'playwright';
import { launchWithTabs } from '../../test/helpers/background-tabs.ts';
import type { LongTasks } from './element-page.ts';

const MiB = 1024 * 1024;
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const log = (line: string) => console.error(`[bench] ${line}`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const tasks = (t: LongTasks) => `${t.count} long tasks, ${fmt(t.totalMs, 0)} ms in all, longest ${fmt(t.maxMs, 0)} ms`;

export interface MeasureRow {
  measure: string;
  figure: string;
  target: string;
  pass?: boolean;
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
}

async function openElementPage(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/tools/bench/element-page.html`);
  await page.waitForFunction(() => window.elementBench?.ready);
}

/** `count` small files: the time to add them, long tasks while adding and uploading, heap per file. */
export async function measureManyFiles(page: Page, cdp: CDPSession, url: string, count: number, size: number): Promise<MeasureRow[]> {
  await openElementPage(page, url);
  const heap0 = await heapUsed(cdp);
  const added = await page.evaluate(([n, s]) => window.elementBench.addMany(n, s), [count, size] as const);
  const heapQueued = await heapUsed(cdp);
  log(`  ${count} files added in ${fmt(added.addMs, 0)} ms (${added.rows} rows; ${tasks(added.longTasks)})`);
  const uploaded = await page.evaluate(() => window.elementBench.uploadAdded());
  const heapDone = await heapUsed(cdp);
  log(`  uploaded in ${fmt(uploaded.ms / 1000)} s (${tasks(uploaded.longTasks)})`);
  await page.evaluate(() => window.elementBench.clear());
  const perFile = (bytes: number) => `${fmt((bytes - heap0) / count / 1024, 2)} KiB`;
  return [
    {
      measure: `${count} files of ${size} B: adding them, until rendered`,
      figure: `${fmt(added.addMs, 0)} ms (${tasks(added.longTasks)})`,
      target: '',
    },
    {
      measure: `${count} files: main-thread long tasks while they upload (${fmt(uploaded.ms / 1000)} s)`,
      figure: `${tasks(uploaded.longTasks)}; ${fmt((100 * uploaded.longTasks.totalMs) / uploaded.ms, 1)}% of the time`,
      target: 'longest < 200 ms',
      pass: uploaded.longTasks.maxMs < 200,
    },
    {
      measure: `${count} files: page JS heap per file, queued / after upload (after GC)`,
      figure: `${perFile(heapQueued)} / ${perFile(heapDone)}`,
      target: '< 8 KiB',
      pass: (heapDone - heap0) / count < 8 * 1024 && (heapQueued - heap0) / count < 8 * 1024,
    },
  ];
}

/**
 * The same upload with the tab in front and in the background (a blank tab in front of it),
 * alternating; a 10 ms timer in the page shows the throttling the background tab was under.
 */
export async function measureBackground(url: string, source: string, bytes: number, alternations: number): Promise<MeasureRow[]> {
  const tabs = await launchWithTabs();
  try {
    const { page } = tabs;
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    await openElementPage(page, url);
    await page.locator('#file').setInputFiles(source);
    await page.evaluate((b) => window.elementBench.uploadPicked(b), 8 * MiB); // warm-up
    const runs = { front: [] as number[], back: [] as number[] };
    const hz = { front: [] as number[], back: [] as number[] };
    const run = async (where: 'front' | 'back') => {
      if (where === 'back') await tabs.toBackground();
      else await tabs.toFront();
      const r = await page.evaluate((b) => window.elementBench.uploadPicked(b), bytes);
      const expected = where === 'back' ? 'hidden' : 'visible';
      if (r.visibility !== expected) throw new Error(`the tab was ${r.visibility}, not ${expected}`);
      runs[where].push(r.ms);
      hz[where].push(r.timerHz);
      log(`  ${where === 'back' ? 'background' : 'front'}: ${fmt(r.ms, 0)} ms, a 10 ms timer fired ${fmt(r.timerHz)} times a second`);
    };
    for (let i = 0; i < alternations; i++) {
      for (const where of i % 2 ? (['back', 'front'] as const) : (['front', 'back'] as const)) await run(where);
    }
    await tabs.toFront();
    const ratio = median(runs.back) / median(runs.front);
    return [{
      measure: `${bytes / MiB} MiB through the element, background tab ÷ front tab (median of ${alternations})`,
      figure: `${fmt(ratio, 2)} (${fmt(median(runs.back), 0)} vs ${fmt(median(runs.front), 0)} ms; 10 ms timer ${fmt(median(hz.back))} vs ${fmt(median(hz.front), 0)} Hz)`,
      target: '≤ 1.15',
      pass: ratio <= 1.15,
    }];
  } finally {
    await tabs.close();
  }
}
