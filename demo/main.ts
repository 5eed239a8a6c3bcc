// The demo page: the uploader wired to the local API on this origin (a USER KS comes from the dev
// server's /__dev/session, so a newcomer can upload at once), the entry list with thumbnails, a
// player for the chosen entry, a real-account panel and a fault panel. Secrets typed into the
// page stay in memory only.
import '../src/define.ts';
import type { KalturaUploaderElement } from '../src/element/kaltura-uploader.ts';
import { KalturaApiError, isConverting, listEntries, renderEntries, type Connection, type ListedEntry } from './entries.ts';
import { FAULT_PRESETS, setFaults } from './faults.ts';

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector(selector) as T;
const uploader = $<KalturaUploaderElement>('#uploader');
const sessionStatus = $('#session-status');
const entriesBody = $<HTMLTableSectionElement>('#entries tbody');
const entriesStatus = $('#entries-status');
const faultsPanel = $<HTMLDetailsElement>('#faults-panel');
const accountForm = $<HTMLFormElement>('#account-form');
const player = $<HTMLVideoElement>('#player');
/** The Replace media card's uploader, made on the first Replace media (the page starts with one uploader). */
let replacer: KalturaUploaderElement | undefined;
/** The entry the player shows, so a replacement of it can show the new media. */
let playing: string | undefined;

let connection: Connection & { local: boolean } = { serviceUrl: location.origin, ks: '', local: true };

/** A fresh USER KS from the dev server; also the uploader's `ksProvider`, so an expired KS heals. */
async function devSession(): Promise<string> {
  const res = await fetch('/__dev/session', { method: 'POST' });
  if (!res.ok) throw new Error(`/__dev/session answered HTTP ${res.status}`);
  const ks = (await res.json()) as string;
  if (connection.local) connection.ks = ks;
  return ks;
}

async function useLocalApi(): Promise<void> {
  connection = { serviceUrl: location.origin, ks: '', local: true };
  sessionStatus.textContent = 'Getting a session from the local API…';
  try {
    const ks = await devSession();
    Object.assign(uploader, { serviceUrl: location.origin, partnerId: undefined, ksProvider: devSession, ks });
    if (replacer) Object.assign(replacer, { serviceUrl: location.origin, partnerId: undefined, ksProvider: devSession, ks });
    $('#target').textContent = 'the local Kaltura-compatible API';
    sessionStatus.textContent = 'Connected to the local API with a USER session. Drop a file to try it.';
    faultsPanel.hidden = false;
    document.body.dataset.connection = 'local';
  } catch (e) {
    sessionStatus.textContent = `Could not reach the local API (${(e as Error).message}). Is \`npm run demo\` running?`;
  }
  void refreshEntries();
}

function useKalturaAccount(form: HTMLFormElement): void {
  const data = new FormData(form);
  const serviceUrl = String(data.get('serviceUrl')).trim().replace(/\/+$/, '');
  const ks = String(data.get('ks')).trim();
  const partnerId = Number(data.get('partnerId')) || undefined;
  connection = { serviceUrl, ks, local: false };
  Object.assign(uploader, { serviceUrl, ks, partnerId, ksProvider: undefined });
  if (replacer) Object.assign(replacer, { serviceUrl, ks, partnerId, ksProvider: undefined });
  (form.elements.namedItem('ks') as HTMLInputElement).value = ''; // out of the DOM as soon as used
  $('#target').textContent = serviceUrl;
  sessionStatus.textContent = `Uploading to ${serviceUrl}. Reload the page to forget the KS.`;
  faultsPanel.hidden = true;
  document.body.dataset.connection = 'kaltura';
  void refreshEntries();
}

let poll: ReturnType<typeof setTimeout> | undefined;
let listing: AbortController | undefined;

/** Lists entries; polls every 3 s while one is still importing or converting. */
async function refreshEntries(retried = false): Promise<void> {
  clearTimeout(poll);
  listing?.abort();
  const controller = (listing = new AbortController());
  const conn = connection;
  try {
    const entries = await listEntries(conn, controller.signal);
    renderEntries(entriesBody, entries, play, replaceMedia);
    // The player follows a replacement: the entry's dataUrl changes with its media.
    const shown = entries.find((e) => e.id === playing);
    if (shown?.dataUrl && Number(shown.status) === 2 && !player.src.endsWith(shown.dataUrl)) play(shown);
    entriesStatus.textContent = entries.length ? `Newest ${entries.length === 1 ? 'entry' : `${entries.length} entries`}` : 'No entries yet.';
    if (isConverting(entries)) poll = setTimeout(refreshEntries, 3000);
  } catch (e) {
    if (controller.signal.aborted) return;
    if (e instanceof KalturaApiError && e.code === 'INVALID_KS' && conn.local && !retried) {
      await devSession().catch(() => undefined);
      return refreshEntries(true);
    }
    entriesStatus.textContent = `Could not list entries: ${(e as Error).message}`;
  }
}

/** Plays an entry in the page's <video>, from its playManifest URL (no KS: public entries only). */
function play(entry: ListedEntry): void {
  $('#player-card').hidden = false;
  playing = entry.id;
  player.src = entry.dataUrl!;
  $('#player-caption').textContent = `${entry.name ?? entry.id} (${entry.id}) from ${entry.dataUrl}`;
  void player.play().catch(() => undefined); // autoplay may be refused; the controls are there
}

/** Opens the Replace media card for an entry: its uploader replaces that entry's media with one file. */
function replaceMedia(entry: ListedEntry): void {
  const card = $('#replace-card');
  card.hidden = false;
  $('#replace-caption').textContent = `Choose the new media for "${entry.name ?? entry.id}" (${entry.id}). The entry keeps its id, name and thumbnail.`;
  const el = (replacer ??= makeReplacer());
  el.replaceEntryId = entry.id;
  card.scrollIntoView({ block: 'nearest' });
  el.shadowRoot?.querySelector<HTMLElement>('[part~="dropzone"]')?.focus();
}

/** The replacing uploader: the same session as the main one, its events in the log, the list refreshed once replaced. */
function makeReplacer(): KalturaUploaderElement {
  const el = Object.assign(document.createElement('kaltura-uploader'), { id: 'replacer' });
  const { serviceUrl, ks, partnerId, ksProvider } = uploader;
  Object.assign(el, { serviceUrl, ks: connection.ks || ks, partnerId, ksProvider, strings: { dropzone: 'Drop the new media here or choose a file' } });
  el.addEventListener('kaltura-upload-statechange', (e) => logEvent('replace', `${e.detail.file.name}: ${e.detail.previous} → ${e.detail.state}`));
  el.addEventListener('kaltura-entry-ready', (e) => {
    logEvent('replaced', `entry ${e.detail.entryId} now plays ${e.detail.file.name}`);
    void refreshEntries();
  });
  el.addEventListener('kaltura-entry-failed', (e) => logEvent('replace-failed', `entry ${e.detail.entryId} keeps its old media`));
  el.addEventListener('kaltura-upload-error', (e) => logEvent('replace-error', `${e.detail.error.code} ${e.detail.error.message}`));
  $('#replace-card').append(el);
  return el;
}

function logEvent(type: string, text: string): void {
  const log = $('#log');
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${type.replace(/^kaltura-(upload-)?/, '')} ${text}`;
  log.prepend(item);
  while (log.children.length > 60) log.lastElementChild!.remove();
}

uploader.addEventListener('kaltura-upload-start', (e) => logEvent(e.type, e.detail.file.name));
uploader.addEventListener('kaltura-upload-statechange', (e) =>
  logEvent(e.type, `${e.detail.file.name}: ${e.detail.previous} → ${e.detail.state}`),
);
uploader.addEventListener('kaltura-upload-error', (e) =>
  logEvent(e.type, `${e.detail.file.name}: ${e.detail.error.code} ${e.detail.error.message}`),
);
uploader.addEventListener('kaltura-upload-complete', (e) => {
  logEvent(e.type, `${e.detail.file.name} → entry ${e.detail.entryId}`);
  void refreshEntries();
});
uploader.addEventListener('kaltura-entry-ready', (e) => {
  logEvent(e.type, `${e.detail.file.name}: entry ${e.detail.entryId} is ready to play`);
  void refreshEntries();
});
uploader.addEventListener('kaltura-entry-failed', (e) => {
  logEvent(e.type, `${e.detail.file.name}: entry ${e.detail.entryId} failed (status ${e.detail.entry.status})`);
  void refreshEntries();
});
uploader.strings = { pasteLink: 'Import from link' };

for (const button of document.querySelectorAll<HTMLButtonElement>('.toolbar [data-action]')) {
  const action = button.dataset.action as 'pause' | 'resume' | 'cancel';
  button.addEventListener('click', () => uploader[action]());
}

$('#refresh-entries').addEventListener('click', () => void refreshEntries());

accountForm.addEventListener('submit', (e) => {
  e.preventDefault();
  useKalturaAccount(accountForm);
});
$('#account-local').addEventListener('click', () => void useLocalApi());

// The fault panel: one checkbox per preset; the union of the checked presets is sent.
const faultBoxes = FAULT_PRESETS.map((preset) => {
  const label = document.createElement('label');
  const box = Object.assign(document.createElement('input'), { type: 'checkbox', value: preset.id });
  const text = document.createElement('span');
  text.append(preset.label, Object.assign(document.createElement('small'), { textContent: preset.description }));
  label.append(box, text);
  $('#faults').append(label);
  return box;
});
$('#faults').addEventListener('change', async () => {
  const checked = FAULT_PRESETS.filter((_, i) => faultBoxes[i].checked);
  try {
    await setFaults(checked.flatMap((p) => p.rules));
    $('#faults-status').textContent = checked.length
      ? `On: ${checked.map((p) => p.label.toLowerCase()).join(', ')}.`
      : 'No faults: the local API behaves.';
  } catch (e) {
    $('#faults-status').textContent = `Could not set faults: ${(e as Error).message}`;
  }
});

// Recording needs a secure context (https, localhost, 127.0.0.1): on any other address the
// browser offers no camera, so the Record buttons would only say so. Hide them there.
if (!window.isSecureContext) uploader.removeAttribute('record');

// A fresh page starts with a well-behaved server, so the checkboxes tell the truth.
void setFaults([]).catch(() => undefined);
void useLocalApi();
