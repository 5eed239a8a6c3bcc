// The demo's entry list: `media.list` over fetch, with the KS in a JSON POST body (never in a URL),
// one row per entry with its thumbnail (the entry's own `thumbnailUrl`) and, once it is READY, a
// Play button that puts its `dataUrl` (the playManifest URL) in the page's <video>, and a Replace
// media button that gives the entry new media (same id) through a replacing uploader.

export interface Connection {
  serviceUrl: string;
  ks: string;
}

export interface ListedEntry {
  id: string;
  name?: string;
  status?: number;
  mediaType?: number;
  thumbnailUrl?: string;
  dataUrl?: string;
}

/** KalturaEntryStatus in words. */
const STATUS: Record<string, string> = {
  '-2': 'Error importing',
  '-1': 'Error converting',
  '0': 'Importing',
  '1': 'Preconverting',
  '2': 'Ready',
  '3': 'Deleted',
  '4': 'Pending',
  '5': 'Moderation',
  '6': 'Blocked',
  '7': 'No content',
};

/** Statuses that will change on their own, so the list keeps polling while one is shown. */
const CONVERTING = new Set([0, 1, 4]);

export class KalturaApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The newest media entries of the session's partner (and user, for a USER KS). */
export async function listEntries({ serviceUrl, ks }: Connection, signal?: AbortSignal): Promise<ListedEntry[]> {
  const url = `${serviceUrl.replace(/\/+$/, '')}/api_v3/service/media/action/list`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      ks,
      format: 1,
      // Every status but DELETED: without a status filter Kaltura lists READY entries only, and
      // the demo shows new entries while they convert.
      filter: { objectType: 'KalturaMediaEntryFilter', orderBy: '-createdAt', statusIn: '-2,-1,0,1,2,4,5,6,7' },
      pager: { objectType: 'KalturaFilterPager', pageSize: 20 },
    }),
    signal,
  });
  if (!res.ok) throw new Error(`media.list: HTTP ${res.status}`);
  const body = await res.json();
  if (body?.objectType === 'KalturaAPIException') throw new KalturaApiError(body.code, body.message);
  return (body.objects ?? []) as ListedEntry[];
}

export const statusText = (status: number | undefined): string => STATUS[String(status)] ?? String(status ?? '');

export const isConverting = (entries: ListedEntry[]): boolean => entries.some((e) => CONVERTING.has(Number(e.status)));

/** Fills the table body with one row per entry (text only: names come from users); `play` gets the chosen one. */
export function renderEntries(tbody: HTMLTableSectionElement, entries: ListedEntry[], play: (entry: ListedEntry) => void, replace: (entry: ListedEntry) => void): void {
  tbody.replaceChildren(
    ...entries.map((entry) => {
      const row = document.createElement('tr');
      row.dataset.entryId = entry.id;
      const picture = document.createElement('td');
      if (entry.thumbnailUrl) {
        const img = Object.assign(document.createElement('img'), {
          src: `${entry.thumbnailUrl}/width/160`, alt: `Thumbnail of ${entry.name ?? entry.id}`, width: 80, loading: 'lazy',
        });
        img.addEventListener('error', () => img.remove()); // Kaltura has none before conversion for some entries
        picture.append(img);
      }
      row.append(picture);
      for (const text of [entry.id, entry.name ?? '', statusText(entry.status)]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      const action = document.createElement('td');
      if (Number(entry.status) === 2 && entry.dataUrl && entry.mediaType !== 2) {
        const button = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Play' });
        button.setAttribute('aria-label', `Play ${entry.name ?? entry.id}`);
        button.addEventListener('click', () => play(entry));
        action.append(button);
      }
      // Any entry of the user's: a ready one gets a replacement, an empty one (7) its first media.
      if (Number(entry.status) !== 3) {
        const button = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Replace media' });
        button.setAttribute('aria-label', `Replace media of ${entry.name ?? entry.id}`);
        button.dataset.action = 'replace';
        button.addEventListener('click', () => replace(entry));
        action.append(button);
      }
      row.append(action);
      return row;
    }),
  );
}
