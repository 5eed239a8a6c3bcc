// The demo page in each engine (Chromium, Firefox ESR, WebKitGTK), at a desktop width (1280 px)
// and a phone's (375 px), in the states a person meets, saved in docs/screenshots/<engine>/:
//   <width>-1-idle.png        connected to the local API, nothing chosen yet
//   <width>-2-uploading.png   bytes moving (a bandwidth fault of the local API keeps it slow)
//   <width>-3-processing.png  uploaded, the entry converting
//   <width>-4-ready.png       "Ready to play", with the thumbnail
//   <width>-5-error.png       an upload refused (a KS the API does not accept)
//   <width>-6-rtl-he.png      the same page in Hebrew, right to left, mid-upload
// Each is a viewport shot with the uploader scrolled to the top. Run by tools/screenshots/run.ts
// (`npm run screenshots`); KCU_ENGINES=firefox limits it to some engines. WebKit needs a display
// (run.ts starts it under xvfb-run).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enginesToRun, launch, type DriverPage, type Engine } from '../../test/drivers/page-driver.ts';
import { startDemo } from '../../test/helpers/demo-server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const WIDTHS = [[1280, 900], [375, 812]] as const;

declare global {
  interface Window {
    demoShots?: { faults(rules: unknown[]): Promise<void> };
  }
}

export async function engineScreenshots(engines: Engine[] = enginesToRun()): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-engine-shots-'));
  const demo = await startDemo(path.join(tmp, 'data'));
  try {
    for (const engine of engines) {
      const driver = await launch(engine);
      const outDir = path.join(root, 'docs/screenshots', engine);
      fs.mkdirSync(outDir, { recursive: true });
      try {
        for (const [width, height] of WIDTHS) {
          const page = await driver.newPage({ width, height });
          try {
            await shots(page, demo.url, (name) => path.join(outDir, `${width}-${name}.png`));
          } finally {
            await page.close();
          }
        }
        console.log(`docs/screenshots/${engine}/: ${driver.engine} ${driver.version}`);
      } finally {
        await driver.close();
      }
    }
  } finally {
    demo.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function shots(page: DriverPage, url: string, file: (name: string) => string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.connection === 'local', undefined, { timeout: 30_000 });
  await page.evaluate(() => {
    document.documentElement.style.scrollBehavior = 'auto';
    for (const s of document.querySelectorAll<HTMLElement>('*')) s.style.transition = 'none';
  });
  const shot = async (name: string) => {
    await page.evaluate(() => document.querySelector('kaltura-uploader')!.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot(file(name));
  };
  const faults = (rules: unknown[]) =>
    page.evaluate((r) => fetch('/__dev/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(r) }).then(() => {}), rules);
  /** Adds a short recorded video (made in the page) to the uploader; resolves once its row shows. */
  const addVideo = (name: string) =>
    page.evaluate(async (n) => {
      const helper = '/test/helpers/media-files.ts'; // a URL on the demo's origin
      const { makeWebm } = (await import(/* @vite-ignore */ helper)) as typeof import('../../test/helpers/media-files.ts');
      const uploader = document.querySelector('kaltura-uploader')!;
      Object.assign(uploader, { chunkSize: 2048, concurrency: 1 });
      let file: File;
      try {
        file = await makeWebm(n, 2, 640, 360);
      } catch {
        // No MediaRecorder for WebM here: any bytes do for the rows.
        file = new File([new Uint8Array(300_000).map((_, i) => i % 251)], n.replace(/\.webm$/, '.mp4'), { type: 'video/mp4' });
      }
      uploader.addFiles([file]);
    }, name);
  const stateText = (text: string) =>
    page.waitForFunction((t) => [...document.querySelector('kaltura-uploader')!.shadowRoot!.querySelectorAll('[part="state"]')].some((s) => s.textContent?.includes(t)), text, { timeout: 90_000 });

  await shot('1-idle');

  await faults([{ kind: 'bandwidth', action: 'upload', bytesPerSecond: 1500 }]);
  await addVideo('sunset-timelapse.webm');
  await page.waitForFunction(() => {
    const bar = document.querySelector('kaltura-uploader')!.shadowRoot!.querySelector('[role="progressbar"]');
    return Number(bar?.getAttribute('aria-valuenow')) >= 30;
  }, undefined, { timeout: 90_000 });
  await shot('2-uploading');
  await faults([]);
  await stateText('Processing');
  await shot('3-processing');
  await stateText('Ready to play');
  await page.evaluate(async () => {
    const img = document.querySelector('kaltura-uploader')!.shadowRoot!.querySelector<HTMLImageElement>('[part="thumbnail"]');
    await img?.decode().catch(() => {});
  });
  await shot('4-ready');

  await page.evaluate(() => {
    const uploader = document.querySelector('kaltura-uploader')!;
    Object.assign(uploader, { ksProvider: undefined, ks: 'not-a-real-ks' });
    uploader.addFiles([new File([new Uint8Array(4096)], 'refused-upload.mp4', { type: 'video/mp4' })]);
  });
  await page.waitForFunction(() => !!document.querySelector('kaltura-uploader')!.shadowRoot!.querySelector('li[data-state="error"]'), undefined, { timeout: 60_000 });
  await shot('5-error');

  // Hebrew: the page reloaded with its language pack, mid-upload.
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.connection === 'local', undefined, { timeout: 30_000 });
  await page.evaluate(async () => {
    const pack = '/src/locales/he.ts';
    await import(/* @vite-ignore */ pack);
    document.documentElement.lang = 'he';
    document.documentElement.dir = 'rtl';
    document.querySelector('kaltura-uploader')!.setAttribute('lang', 'he');
  });
  await faults([{ kind: 'bandwidth', action: 'upload', bytesPerSecond: 1500 }]);
  await addVideo('שקיעה.webm');
  await page.waitForFunction(() => {
    const bar = document.querySelector('kaltura-uploader')!.shadowRoot!.querySelector('[role="progressbar"]');
    return Number(bar?.getAttribute('aria-valuenow')) >= 30;
  }, undefined, { timeout: 90_000 });
  await shot('6-rtl-he');
  await faults([]);
}

