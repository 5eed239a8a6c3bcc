// What a TypeScript consumer of the package writes, as source text for consumer-types.node.test.ts
// to compile in a project that installed the tarball (these cannot be files under test/: the
// repository's own type check cannot resolve the installed package or compile JSX).

export const ELEMENT_CONSUMER = `
import 'kaltura-chunked-upload/define';
import 'kaltura-chunked-upload/locales/he';
import japanese from 'kaltura-chunked-upload/locales/ja';
import { KalturaUploaderElement, UploadError, type KalturaUploaderEventMap, type UploaderState, type UploaderStrings } from 'kaltura-chunked-upload';

const el = document.createElement('kaltura-uploader');
const typed: KalturaUploaderElement = el;
const found: KalturaUploaderElement | null = document.querySelector('kaltura-uploader');

el.serviceUrl = 'https://www.kaltura.com';
el.ks = 'a-ks';
el.ksProvider = async () => 'a-fresh-ks';
el.partnerId = 123;
el.chunkSize = 8 * 1024 * 1024;
el.concurrency = 4;
el.accept = 'video/*';
el.maxFileSize = 2 ** 32;
el.multiple = true;
el.manual = true;
el.uploadOptions = { stallTimeout: 60_000, retry: { retries: 3 } };
el.name = 'video';
el.required = true;
el.disabled = false;
el.keepAwake = true;
const valid: boolean = el.checkValidity() && el.reportValidity();
const why: string = el.validationMessage;
const state: UploaderState = el.state;
// @ts-expect-error -- the overall state is one of five words
const wrong: UploaderState = 'busy';
const pack: UploaderStrings = japanese;
el.strings = { formBusy: (n: number) => pack.formBusy(n) };
el.addFiles([new File(['x'], 'x.mp4')]);
el.start();
el.pause();
el.resume();
el.cancel();

el.addEventListener('kaltura-upload-start', (e) => {
  const file: File = e.detail.file;
  return file;
});
el.addEventListener('kaltura-upload-progress', (e) => {
  const { file, bytesSent, bytesConfirmed, bytesTotal } = e.detail;
  const share: number = (bytesSent + bytesConfirmed) / bytesTotal;
  return [file.name, share];
});
el.addEventListener('kaltura-upload-complete', (e) => {
  const ids: [string, string, File] = [e.detail.entryId, e.detail.uploadTokenId, e.detail.file];
  // @ts-expect-error -- the detail is typed: there is no such field
  return [ids, e.detail.entryID];
});
el.addEventListener('kaltura-upload-error', (e) => {
  const error: UploadError = e.detail.error;
  const facts: [string, string, boolean, File] = [error.code, error.message, error.retryable, e.detail.file];
  return facts;
});
el.addEventListener('kaltura-upload-statechange', (e) => {
  const states: [string, string] = [e.detail.state, e.detail.previous];
  return states;
});
// An element's own events stay typed on it.
el.addEventListener('click', (e) => e.clientX);
// The events are the element's own, not every element's (no global event map)...
// @ts-expect-error -- a div does not dispatch them: its listener gets a plain Event
document.createElement('div').addEventListener('kaltura-upload-complete', (e) => e.detail);
// ...and a listener where they bubble to takes its type from the element's map.
document.addEventListener('kaltura-upload-complete', (e) => (e as KalturaUploaderEventMap['kaltura-upload-complete']).detail.entryId.toUpperCase());

export { typed, found, valid, why, state, wrong };
`;

export const ENGINE_CONSUMER = `
import { ChunkedUpload, DEFAULT_CHUNK_SIZE, LocalStorageResumeStore, UploadError, isUploadError } from 'kaltura-chunked-upload';

export async function upload(file: File): Promise<string> {
  const upload = new ChunkedUpload(file, {
    serviceUrl: 'https://www.kaltura.com',
    ks: async () => 'a-ks',
    partnerId: 123,
    chunkSize: DEFAULT_CHUNK_SIZE / 2,
    concurrency: 4,
    entry: { name: 'Holiday', description: '', tags: 'beach' },
    resumeStore: new LocalStorageResumeStore(),
  });
  new ChunkedUpload(new Blob(['x']), { serviceUrl: 'https://www.kaltura.com', ks: 'a-ks', fileName: 'x.bin' });
  upload.addEventListener('progress', (e) => {
    const sent: number = e.detail.bytesSent + e.detail.bytesConfirmed + e.detail.bytesTotal;
    return sent;
  });
  upload.addEventListener('statechange', (e) => {
    const states: [string, string] = [e.detail.state, e.detail.previous];
    return states;
  });
  upload.pause();
  upload.resume();
  try {
    const result = await upload.start();
    const ids: [string, string] = [result.entryId, result.uploadTokenId];
    return ids[0];
  } catch (error) {
    if (error instanceof UploadError) {
      const facts: [string, boolean] = [error.code, error.retryable];
      return facts.join();
    }
    if (isUploadError(error)) return error.code;
    upload.cancel();
    throw error;
  }
}
`;

export const REACT_CONSUMER = `
import { useRef, useState } from 'react';
import { KalturaUploader } from 'kaltura-chunked-upload/react';
import type { KalturaUploaderElement } from 'kaltura-chunked-upload';

export function App() {
  const ref = useRef<KalturaUploaderElement>(null);
  const [entryId, setEntryId] = useState('');
  const [sent, setSent] = useState(0);
  const [failure, setFailure] = useState('');
  const [state, setState] = useState('');
  return (
    <>
      <KalturaUploader
        ref={ref}
        serviceUrl="https://www.kaltura.com"
        partnerId={123}
        ks="a-ks"
        ksProvider={async () => 'a-fresh-ks'}
        accept="video/*"
        maxFileSize={1024}
        multiple
        manual
        onKalturaUploadStart={(e) => setSent(e.detail.file.size * 0)}
        onKalturaUploadProgress={(e) => setSent(e.detail.bytesConfirmed)}
        onKalturaUploadComplete={(e) => setEntryId(e.detail.entryId)}
        onKalturaUploadError={(e) => setFailure(e.detail.error.code)}
        onKalturaUploadStatechange={(e) => setState(e.detail.state)}
      />
      {/* @ts-expect-error -- event props are typed: the detail of complete has no bytesSent */}
      <KalturaUploader onKalturaUploadComplete={(e) => setSent(e.detail.bytesSent)} />
      <button onClick={() => ref.current?.start()}>Upload</button>
      <output>{entryId} {sent} {failure} {state}</output>
    </>
  );
}
`;
