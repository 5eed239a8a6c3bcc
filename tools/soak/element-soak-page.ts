// The page side of `npm run soak -- --element`: one <kaltura-uploader> that gets files in waves and
// is driven the way a person drives it, through its rows' buttons: Pause and later Resume, Cancel
// (while uploading or still queued), Retry after a failure that may pass, and Remove once a row is
// finished (which also keeps the page's memory bounded). It reports, per file, what a person could
// check: the file's sha256, how its row ended, the entry id.
import '../../src/define.ts';
import { MemoryResumeStore } from '../../src/engine/resume-store.ts';
import { bytesOf, sha256Of } from './soak-file.ts';
import type { KalturaUploaderElement } from '../../src/element/kaltura-uploader.ts';

export interface ElementSoakFile {
  name: string;
  size: number;
  /** Seeds the file's bytes. */
  seed: number;
  /** What the person does with this file's row; `at`: the share confirmed when they do it. */
  action: 'none' | 'pause' | 'cancel' | 'cancel-queued';
  at: number;
  pauseMs: number;
}

export interface ElementSoakOutcome {
  name: string;
  sha256: string;
  /** How the row ended ('pending' until it did). */
  end: 'pending' | 'complete' | 'cancelled' | 'error';
  entryId?: string;
  errorCode?: string;
  /** Retry presses after failures. */
  retries: number;
  /** Every state the row's engine went through, e.g. `uploading`, `retrying:TIMEOUT`. */
  states: string[];
}

export interface ElementSettings {
  chunkSize: number;
  concurrency: number;
  maxParallelFiles: number;
}

declare global {
  interface Window {
    elementSoak: {
      ready: true;
      add(files: ElementSoakFile[]): Promise<void>;
      settings(s: ElementSettings): void;
      outcomes: Record<string, ElementSoakOutcome>;
      /** Each listed row's state, by file name (rows still in the list). */
      rows(): Record<string, string>;
    };
    /** Exposed by the runner: a fresh USER KS from the local API. */
    newKs(): Promise<string>;
  }
}

/** Retry presses per file after a failure that says trying again may help. */
const USER_RETRIES = 3;

const uploader = document.querySelector<KalturaUploaderElement>('#uploader')!;
uploader.serviceUrl = location.origin;
uploader.ksProvider = () => window.newKs();
uploader.uploadOptions = {
  resumeStore: new MemoryResumeStore(),
  retry: { retries: 4, minDelay: 100, maxDelay: 1_000 },
  stallTimeout: 3_000,
  responseTimeout: 15_000,
};
const plans = new Map<string, ElementSoakFile>();
const outcomes: Record<string, ElementSoakOutcome> = {};
const acted = new Set<string>();

const rowOf = (name: string) =>
  [...uploader.shadowRoot!.querySelectorAll<HTMLLIElement>('li[part~="file"]')].find((li) => li.querySelector('[part="name"]')?.textContent === name);

/** Clicks a row's button as a person would, once the row shows it; false when it is not there. */
async function press(name: string, action: string): Promise<boolean> {
  await uploader.updateComplete;
  const button = rowOf(name)?.querySelector<HTMLButtonElement>(`button[part~="${action}-button"]`);
  button?.click();
  return !!button;
}

/** A finished row: note how it ended, then clear it from the list. */
async function finish(name: string, end: ElementSoakOutcome['end'], extra: Partial<ElementSoakOutcome> = {}): Promise<void> {
  Object.assign(outcomes[name]!, { end, ...extra });
  await press(name, 'remove');
}

uploader.addEventListener('kaltura-upload-statechange', ({ detail }) => {
  const o = outcomes[detail.file.name];
  if (!o) return;
  o.states.push(detail.state === 'retrying' || detail.state === 'error' ? `${detail.state}:${detail.error?.code}` : detail.state);
  if (detail.state === 'cancelled') void finish(detail.file.name, 'cancelled');
});

uploader.addEventListener('kaltura-upload-progress', ({ detail }) => {
  const name = detail.file.name;
  const plan = plans.get(name);
  if (!plan || acted.has(name) || detail.bytesConfirmed < plan.at * plan.size) return;
  if (plan.action === 'pause') {
    acted.add(name);
    void press(name, 'pause').then((paused) => paused && setTimeout(() => void press(name, 'resume'), plan.pauseMs));
  } else if (plan.action === 'cancel') {
    acted.add(name);
    void press(name, 'cancel');
  }
});

uploader.addEventListener('kaltura-upload-complete', ({ detail }) => {
  if (outcomes[detail.file.name]) void finish(detail.file.name, 'complete', { entryId: detail.entryId });
});

uploader.addEventListener('kaltura-upload-error', ({ detail }) => {
  const name = detail.file.name;
  const o = outcomes[name];
  if (!o) return;
  if (detail.error.retryable && o.retries < USER_RETRIES) {
    o.retries++;
    setTimeout(() => void press(name, 'retry'), 500);
  } else {
    void finish(name, 'error', { errorCode: detail.error.code });
  }
});

async function add(files: ElementSoakFile[]): Promise<void> {
  const picked: File[] = [];
  for (const plan of files) {
    const bytes = bytesOf(plan.size, plan.seed);
    const sha256 = await sha256Of(bytes);
    plans.set(plan.name, plan);
    outcomes[plan.name] = { name: plan.name, sha256, end: 'pending', retries: 0, states: [] };
    picked.push(new File([bytes], plan.name, { type: 'video/mp4', lastModified: 1_700_000_000_000 + plan.seed }));
  }
  uploader.addFiles(picked);
  await uploader.updateComplete;
  for (const plan of files) {
    // Cancelled before it had a turn: the row is still queued (or just starting).
    if (plan.action === 'cancel-queued' && (await press(plan.name, 'cancel'))) {
      acted.add(plan.name);
      // A queued row has no engine to say so: it is cancelled at once.
      if (rowOf(plan.name)?.dataset.state === 'cancelled') void finish(plan.name, 'cancelled');
    }
  }
}

window.elementSoak = {
  ready: true,
  add,
  settings(s) {
    Object.assign(uploader, s);
  },
  outcomes,
  rows: () => Object.fromEntries([...uploader.shadowRoot!.querySelectorAll<HTMLLIElement>('li[part~="file"]')]
    .map((li) => [li.querySelector('[part="name"]')?.textContent ?? '', li.dataset.state ?? ''])),
};
