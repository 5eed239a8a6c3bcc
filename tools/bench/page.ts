// The page side of `npm run bench`: uploads one of the files the driver picked (the picked File
// itself, never a slice or a copy: Chromium sends a picked File through a fast path and any Blob
// made from it at about half the speed) with the element, with the engine alone, or as one plain
// XHR POST (the limit), and reports timings. The driver bundles this page for production (Lit
// without its dev-mode checks), as an app would ship it.
import { ChunkedUpload, type ChunkedUploadOptions } from '../../src/engine/chunked-upload.ts';
import '../../src/define.ts';
import type { KalturaUploaderElement } from '../../src/element/kaltura-uploader.ts';
import type { FaultRule } from '../../server/control/types.ts';
import './stream-page.ts';

export interface BenchTiming {
  ms: number;
  bytes: number;
  uploadTokenId?: string;
}

export interface BenchPage {
  ready: boolean;
  engine(name: string, options?: Partial<ChunkedUploadOptions>): Promise<BenchTiming>;
  /** `<kaltura-uploader>` with its defaults; `faultsAt` switches to `faults` once that share of the file is confirmed. */
  element(name: string, attrs?: Record<string, string>, faultsAt?: { share: number; faults: FaultRule[] }): Promise<BenchTiming>;
  single(name: string): Promise<BenchTiming>;
  /** `count` files of `size` bytes made in the page, through one `<kaltura-uploader multiple>` with `attrs`; ms until every one is complete. */
  elementMany(count: number, size: number, attrs?: Record<string, string>): Promise<BenchTiming>;
  /** The same files as plain POSTs (uploadToken.add, then the File), `parallel` files at a time: the limit. */
  singleMany(count: number, size: number, parallel: number): Promise<BenchTiming>;
}

declare global {
  interface Window {
    bench: BenchPage;
  }
}

const serviceUrl = location.origin;
const input = document.querySelector<HTMLInputElement>('#file')!;

/** The picked file called `name`, as picked. */
function picked(name: string): File {
  const file = [...(input.files ?? [])].find((f) => f.name === name);
  if (!file) throw new Error(`no picked file named ${name}`);
  return file;
}

async function freshKs(): Promise<string> {
  return (await fetch('/__dev/session', { method: 'POST' })).json() as Promise<string>;
}

async function engine(name: string, options: Partial<ChunkedUploadOptions> = {}): Promise<BenchTiming> {
  const file = picked(name);
  const ks = await freshKs();
  const upload = new ChunkedUpload(file, { serviceUrl, ks, ...options });
  const t0 = performance.now();
  const { uploadTokenId } = await upload.start();
  return { ms: performance.now() - t0, bytes: file.size, uploadTokenId };
}

async function element(name: string, attrs: Record<string, string> = {}, faultsAt?: { share: number; faults: FaultRule[] }): Promise<BenchTiming> {
  const file = picked(name);
  const el = document.createElement('kaltura-uploader') as KalturaUploaderElement;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.serviceUrl = serviceUrl;
  el.ks = await freshKs();
  document.body.append(el);
  await el.updateComplete;
  try {
    const done = new Promise<string>((resolve, reject) => {
      el.addEventListener('kaltura-upload-complete', (e) => resolve(e.detail.uploadTokenId));
      el.addEventListener('kaltura-upload-error', (e) => reject(e.detail.error));
    });
    if (faultsAt) {
      let set = false;
      el.addEventListener('kaltura-upload-progress', (e) => {
        if (set || e.detail.bytesConfirmed < faultsAt.share * file.size) return;
        set = true;
        void fetch('/__dev/faults', { method: 'POST', body: JSON.stringify(faultsAt.faults) });
      });
    }
    const t0 = performance.now();
    el.addFiles([file]);
    const uploadTokenId = await done;
    return { ms: performance.now() - t0, bytes: file.size, uploadTokenId };
  } finally {
    el.remove();
  }
}

/** uploadToken.add, then the picked File as one multipart uploadToken.upload (resume=false, finalChunk=true). */
async function single(name: string): Promise<BenchTiming> {
  const file = picked(name);
  const ks = await freshKs();
  const t0 = performance.now();
  await postFile(file, ks);
  return { ms: performance.now() - t0, bytes: file.size };
}

/** `count` small files of distinct bytes, named as videos (as a person's clips are). */
const smallFiles = (count: number, size: number) =>
  Array.from({ length: count }, (_, i) => new File([new Uint8Array(size).fill(i % 251)], `small-${i}.mp4`, { type: 'video/mp4' }));

async function elementMany(count: number, size: number, attrs: Record<string, string> = {}): Promise<BenchTiming> {
  const files = smallFiles(count, size);
  const el = document.createElement('kaltura-uploader') as KalturaUploaderElement;
  for (const [k, v] of Object.entries({ multiple: '', ...attrs })) el.setAttribute(k, v);
  el.serviceUrl = serviceUrl;
  el.ks = await freshKs();
  document.body.append(el);
  await el.updateComplete;
  try {
    let done = 0;
    const finished = new Promise<void>((resolve, reject) => {
      el.addEventListener('kaltura-upload-complete', () => ++done === count && resolve());
      el.addEventListener('kaltura-upload-error', (e) => reject(new Error(`${e.detail.file.name}: ${e.detail.error.code} ${e.detail.error.message}`)));
    });
    const t0 = performance.now();
    el.addFiles(files);
    await finished;
    return { ms: performance.now() - t0, bytes: count * size };
  } finally {
    el.remove();
  }
}

async function singleMany(count: number, size: number, parallel: number): Promise<BenchTiming> {
  const files = smallFiles(count, size);
  const ks = await freshKs();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < files.length) await postFile(files[next++]!, ks);
  }));
  return { ms: performance.now() - t0, bytes: count * size };
}

async function postFile(file: File, ks: string): Promise<string> {
  const tokenAnswer = await fetch(`${serviceUrl}/api_v3/service/uploadtoken/action/add`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ ks, format: 1, uploadToken: { objectType: 'KalturaUploadToken', fileName: file.name, fileSize: file.size } }),
  });
  const token = (await tokenAnswer.json()) as { id?: string };
  if (!token.id) throw new Error(`uploadToken.add failed: ${JSON.stringify(token)}`);
  const form = new FormData();
  const fields = { ks, format: 1, uploadTokenId: token.id, resume: false, resumeAt: 0, finalChunk: true };
  for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
  form.append('fileData', file, file.name);
  const answer = await new Promise<string>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.onload = () => resolve(xhr.responseText);
    xhr.onerror = () => reject(new Error('single POST: network error'));
    xhr.open('POST', `${serviceUrl}/api_v3/service/uploadtoken/action/upload`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.send(form);
  });
  const uploaded = JSON.parse(answer) as { objectType?: string; uploadedFileSize?: number };
  if (uploaded.objectType !== 'KalturaUploadToken' || Number(uploaded.uploadedFileSize) !== file.size) {
    throw new Error(`single POST: unexpected answer ${answer.slice(0, 300)}`);
  }
  return token.id;
}

window.bench = { ready: true, engine, element, single, elementMany, singleMany };
