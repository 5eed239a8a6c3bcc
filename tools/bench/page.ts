// The page side of `npm run bench`: uploads slices of the on-disk file picked by the driver, with
// the engine (ChunkedUpload) or with one plain XHR (the loopback limit), and reports timings.
import { ChunkedUpload, type ChunkedUploadOptions } from '../../src/engine/chunked-upload.ts';

export interface BenchTiming {
  ms: number;
  bytes: number;
}

export interface BenchPage {
  ready: boolean;
  engine(bytes: number, options?: Partial<ChunkedUploadOptions>): Promise<BenchTiming & { entryId: string }>;
  single(bytes: number): Promise<BenchTiming>;
}

declare global {
  interface Window {
    bench: BenchPage;
  }
}

const serviceUrl = location.origin;
const input = document.querySelector<HTMLInputElement>('#file')!;

/** A disk-backed File of the first `bytes` of the picked file (a slice of a file is only an offset). */
function sourceOf(bytes: number): File {
  const picked = input.files?.[0];
  if (!picked) throw new Error('no file picked');
  if (bytes > picked.size) throw new Error(`the picked file has ${picked.size} bytes, ${bytes} asked`);
  return new File([picked.slice(0, bytes)], 'bench.mp4', { type: 'video/mp4' });
}

async function freshKs(): Promise<string> {
  return (await fetch('/__dev/session', { method: 'POST' })).json() as Promise<string>;
}

async function engine(bytes: number, options: Partial<ChunkedUploadOptions> = {}) {
  const file = sourceOf(bytes);
  const ks = await freshKs();
  const upload = new ChunkedUpload(file, { serviceUrl, ks, ...options });
  const t0 = performance.now();
  const { entryId } = await upload.start();
  return { ms: performance.now() - t0, bytes, entryId };
}

/** uploadToken.add, then the whole file as one multipart uploadToken.upload (resume=false, finalChunk=true). */
async function single(bytes: number) {
  const file = sourceOf(bytes);
  const ks = await freshKs();
  const t0 = performance.now();
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
  const ms = performance.now() - t0;
  const uploaded = JSON.parse(answer) as { objectType?: string; uploadedFileSize?: number };
  if (uploaded.objectType !== 'KalturaUploadToken' || Number(uploaded.uploadedFileSize) !== bytes) {
    throw new Error(`single POST: unexpected answer ${answer.slice(0, 300)}`);
  }
  return { ms, bytes };
}

window.bench = { ready: true, engine, single };
