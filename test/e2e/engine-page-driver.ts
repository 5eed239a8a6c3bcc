// Node-side handles on test/e2e/pages/engine.html for the reload and offline e2e tests: open it,
// pick a file from disk, start the engine, wait for what the page shows; plus the files on disk.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { DriverPage } from '../drivers/page-driver.ts';
import type { KalturaApi } from '../../server/core/kaltura-api.ts';
import type { EnginePage, EnginePageOptions } from './pages/engine-page.ts';

export const MiB = 1024 * 1024;

/** Opens the engine page in `page` and waits for its script. */
export async function openEnginePage(page: DriverPage, pageUrl: string): Promise<DriverPage> {
  await page.goto(pageUrl);
  await whenReady(page);
  return page;
}

/** Waits for the (re)loaded page's script. */
export async function whenReady(page: DriverPage): Promise<void> {
  await page.waitForFunction(() => window.enginePage?.ready, undefined, { timeout: 30_000 });
}

/** Picks `file` in the page's <input type=file> (a real, disk-backed File) and starts uploading it. */
export async function pickAndStart(page: DriverPage, file: string, options: EnginePageOptions): Promise<void> {
  await page.setInputFiles([file], '#file');
  await page.evaluate((o) => window.enginePage.start(o), options);
}

/** What the page knows now (plain data). */
export function pageState(page: DriverPage): Promise<Omit<EnginePage, 'start' | 'storageValues'>> {
  return page.evaluate(() => {
    const { start: _s, storageValues: _v, ...rest } = window.enginePage;
    return JSON.parse(JSON.stringify(rest));
  });
}

/** Waits until the server has confirmed at least `bytes` (as the page's progress events say). */
export async function untilConfirmed(page: DriverPage, bytes: number): Promise<void> {
  await page.waitForFunction((b) => window.enginePage.bytesConfirmed >= b || !!window.enginePage.errorCode, bytes, { timeout: 60_000, polling: 20 });
  const { errorCode } = await pageState(page);
  if (errorCode) throw new Error(`the upload failed before ${bytes} bytes were confirmed: ${errorCode}`);
}

/** Waits for the upload's end; throws with the error code when it failed. */
export async function untilDone(page: DriverPage): Promise<{ entryId: string; uploadTokenId: string }> {
  await page.waitForFunction(() => !!(window.enginePage.result || window.enginePage.errorCode), undefined, { timeout: 90_000, polling: 50 });
  const { result, errorCode } = await pageState(page);
  if (!result) throw new Error(`the upload failed: ${errorCode}`);
  return result;
}

/** A file of `bytes` random bytes. */
export function writeRandomFile(file: string, bytes: number): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (let written = 0; written < bytes; ) {
      const block = crypto.randomBytes(Math.min(4 * MiB, bytes - written));
      fs.writeSync(fd, block);
      written += block.length;
    }
  } finally {
    fs.closeSync(fd);
  }
}

export function sha256OfFile(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Bytes of file parts the server received for `uploadTokenId` in requests that arrived at or after `since`. */
export function bytesReceived(api: KalturaApi, uploadTokenId: string, since: number): number {
  return api.requests
    .list()
    .filter((r) => r.service === 'uploadtoken' && r.action === 'upload' && r.uploadTokenId === uploadTokenId && r.at >= since)
    .reduce((sum, r) => sum + (r.bytes ?? 0), 0);
}

/** True when `secret` appears in `text` as it is or URL-encoded. */
export function mentions(text: string, secret: string): boolean {
  return text.includes(secret) || text.includes(encodeURIComponent(secret));
}
