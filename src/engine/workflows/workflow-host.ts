// The request loop's host for the workflows that send no bytes (a link import, a prepared entry):
// the options checked as for an upload, the KS, the run control, and where retries are reported.
// Nothing to catch up with after a pause, no bytes to count.
import type { ChunkedUploadOptions } from '../options.js';
import type { RequestHost, RetryingStatus } from '../request-loop.js';
import type { UploadMachine } from '../upload-machine.js';
import type { Workflow } from './workflow.js';

/** `fileName` names the entry to be, unless the options give one. */
export function workflowHost({ kit }: Workflow, options: ChunkedUploadOptions, fileName: string, control?: UploadMachine, retrying: (status: RetryingStatus | undefined) => void = () => {}): RequestHost {
  // A stand-in of one byte: there is no file, and the options' checks want one.
  const resolved = kit.resolveOptions(new Blob(['-']), { ...options, fileName: options.fileName || fileName });
  return { options: resolved, ks: new kit.KsSession(resolved.ks), control: control ?? new kit.UploadMachine(), beforeAttempt: async () => {}, progressMark: () => 0, retrying };
}
