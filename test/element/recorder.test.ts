// The `record` attribute: Record buttons (loaded with the recorder's own chunk), a live preview, a
// timer and Stop; a recording is a row named from the date; a device that goes away mid-recording
// is a typed error. Fake devices: Chromium's camera, microphone and screen (test/chromium.mjs),
// Firefox's fake streams and WebKit's mock capture devices (test/engines.mjs). The container is the
// one the engine records (MP4 where it can, else WebM), asked of MediaRecorder as the widget does.
import { assert } from '@esm-bundle/chai';
import type { KalturaUploaderElement } from '../../src/element/kaltura-uploader.js';
import { Recording, capture, recordingDate, recordingType } from '../../src/element/recorder/recording.js';
import { entryInfo, resetServer, sha256Hex } from '../helpers/kaltura-server.js';
import { requireCapability, syntheticTrackEndReachesListeners } from '../helpers/capability.js';
import { canRecordCanvas } from '../helpers/media-files.js';
import { storedPieces } from '../helpers/spill-storage.js';
import { mountUploader, nextEvent, norm, rows, shadow, unmountAll, waitFor } from './uploader-fixture.js';

const part = (el: KalturaUploaderElement, name: string) => shadow(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const recordButton = (el: KalturaUploaderElement, kind: string) => part(el, `record-${kind}-button`) as HTMLButtonElement | null;
const preview = (el: KalturaUploaderElement) => part(el, 'recorder-preview') as HTMLVideoElement | null;

/** The container this engine records video in: MP4 (H.264) where it can, else WebM. */
const RECORDS_MP4 = 'MediaRecorder' in window && MediaRecorder.isTypeSupported('video/mp4;codecs=avc1');
const EXT = RECORDS_MP4 ? 'mp4' : 'webm';
/** The first bytes of a recording: an MP4's `ftyp` box (after its size) or WebM's EBML magic. */
async function looksRecorded(blob: Blob): Promise<boolean> {
  const head = new Uint8Array(await blob.slice(0, 8).arrayBuffer());
  return RECORDS_MP4 ? new TextDecoder().decode(head.slice(4, 8)) === 'ftyp' : head.slice(0, 4).join() === [0x1a, 0x45, 0xdf, 0xa3].join();
}

/** Whether a screen can be captured with nobody to pick one (a flag stands in for the picker); asked once. */
let screenCapture: Promise<boolean> | undefined;
function canCaptureScreen(): Promise<boolean> {
  return (screenCapture ??= Promise.race([
    navigator.mediaDevices.getDisplayMedia({ video: true }).then((s) => {
      for (const t of s.getTracks()) t.stop();
      return true;
    }, () => false),
    new Promise<boolean>((r) => setTimeout(() => r(false), 3000)),
  ]));
}
const NO_DEVICE_LOSS = 'a fake device cannot go away here: a dispatched `ended` never reaches the track\'s listeners';
/** Skips a test that records unless this engine's MediaRecorder gives bytes (test/helpers/media-files.ts). */
async function needsRecorder(ctx: Mocha.Context): Promise<void> {
  requireCapability(ctx, await canRecordCanvas(), 'MediaRecorder gives empty recordings here (it claims MP4, yields 0 bytes)');
}
const NO_SCREEN = 'getDisplayMedia waits for a person to pick a screen here (no stand-in for the picker)';

/** Mounts an uploader with `record` and waits for the recorder (its own chunk) to show its buttons. */
async function mountRecorder(record: string, attrs: Record<string, string | boolean> = {}): Promise<KalturaUploaderElement> {
  const el = await mountUploader({ record, ...attrs });
  await waitFor(() => part(el, 'record-button'), 'the Record buttons');
  return el;
}

/** Presses Record, waits until the preview plays; returns the live camera or screen stream. */
async function startRecording(el: KalturaUploaderElement, kind: 'camera' | 'screen'): Promise<MediaStream> {
  recordButton(el, kind)!.click();
  await waitFor(() => preview(el)?.srcObject, 'the live preview');
  return preview(el)!.srcObject as MediaStream;
}

describe('<kaltura-uploader record>', () => {
  beforeEach(() => resetServer());
  afterEach(() => unmountAll());

  it('shows the buttons its `record` names, and none without it', async () => {
    const both = await mountRecorder('camera screen');
    assert.deepEqual([recordButton(both, 'camera')?.textContent, recordButton(both, 'screen')?.textContent], ['Record camera', 'Record screen']);
    const camera = await mountRecorder('camera');
    assert.isNull(recordButton(camera, 'screen'));
    const none = await mountUploader();
    assert.isNull(part(none, 'recorder'));
  });

  it('a camera recording: preview, timer, Stop; a row named from the date; Stop brings the buttons back', async function () {
    await needsRecorder(this);
    const el = await mountRecorder('camera');
    const before = recordingDate(new Date());
    const media = await startRecording(el, 'camera');
    assert.deepEqual(media.getTracks().map((t) => t.kind).sort(), ['audio', 'video'], 'camera with microphone');
    assert.isTrue(preview(el)!.muted, 'the preview never plays the microphone back');
    assert.equal(preview(el)!.getAttribute('aria-label'), 'Live preview');
    assert.isNull(recordButton(el, 'camera'), 'no second recording while one runs');
    const stop = part(el, 'stop-button') as HTMLButtonElement;
    await waitFor(() => shadow(el).activeElement === stop, 'focus on Stop');
    await waitFor(() => norm(part(el, 'recorder-time')?.textContent) === 'Recording 0:01', 'the timer to reach 0:01', 5000);

    assert.equal(rows(el).length, 1, 'the recording is a row at once');
    const name = norm(rows(el)[0].querySelector('[part="name"]')!.textContent);
    assert.match(name, /^Recording \d{4}-\d\d-\d\d \d\d:\d\d\.(mp4|webm)$/);
    assert.include([`Recording ${before}.${EXT}`, `Recording ${recordingDate(new Date())}.${EXT}`], name, 'MP4 where the engine records it, else WebM');

    stop.click();
    await waitFor(() => recordButton(el, 'camera'), 'the Record button back');
    assert.isNull(preview(el));
    assert.isTrue(media.getTracks().every((t) => t.readyState === 'ended'), 'camera and microphone are released');
    await waitFor(() => shadow(el).activeElement === recordButton(el, 'camera'), 'focus back on Record');
  });

  it('a screen recording takes the screen and the microphone', async function () {
    await needsRecorder(this);
    requireCapability(this, await canCaptureScreen(), NO_SCREEN);
    const el = await mountRecorder('screen');
    const media = await startRecording(el, 'screen');
    assert.deepEqual(media.getTracks().map((t) => t.kind).sort(), ['audio', 'video']);
    assert.equal(rows(el).length, 1);
    (part(el, 'stop-button') as HTMLButtonElement).click();
    await waitFor(() => recordButton(el, 'screen'), 'the Record button back');
  });

  it('the person stops sharing the screen (its track ends): a plain stop, no error', async function () {
    await needsRecorder(this);
    requireCapability(this, await canCaptureScreen(), NO_SCREEN);
    const el = await mountRecorder('screen');
    let errors = 0;
    el.addEventListener('kaltura-upload-error', (e) => void (e.detail.error.code.startsWith('RECORDING') && errors++));
    const media = await startRecording(el, 'screen');
    const track = media.getVideoTracks()[0];
    track.stop(); // what the browser does when sharing ends, then it fires `ended`
    track.dispatchEvent(new Event('ended'));
    await waitFor(() => recordButton(el, 'screen'), 'the Record button back');
    assert.equal(errors, 0);
    assert.isNull(part(el, 'recorder-message'));
  });

  it('the camera goes away mid-recording: RECORDING_DEVICE_LOST, said under the buttons, the recording stops', async function () {
    await needsRecorder(this);
    const el = await mountRecorder('camera');
    const media = await startRecording(el, 'camera');
    requireCapability(this, syntheticTrackEndReachesListeners(media.getVideoTracks()[0]), NO_DEVICE_LOSS);
    const lost = nextEvent(el, 'kaltura-upload-error', (d) => d.error.code === 'RECORDING_DEVICE_LOST');
    // Chromium cannot unplug its fake camera: end the real track and fire its `ended`, as the
    // browser does when a device goes away.
    const track = media.getVideoTracks()[0];
    track.stop();
    track.dispatchEvent(new Event('ended'));
    const { file, error } = await lost;
    assert.match(file.name, /^Recording .*\.(mp4|webm)$/, 'the event names the recording');
    assert.equal(error.name, 'UploadError');
    await waitFor(() => part(el, 'recorder-message'), 'the message');
    const message = part(el, 'recorder-message')!;
    assert.equal(message.getAttribute('role'), 'alert');
    assert.equal(norm(message.textContent), 'The camera or microphone was disconnected. What was recorded is being uploaded.');
    assert.isNotNull(recordButton(el, 'camera'));
    assert.equal(rows(el).length, 1, 'the row stays');
  });

  it('a disabled element (or one in a disabled fieldset) records nothing', async () => {
    const el = await mountRecorder('camera', { disabled: true });
    assert.isTrue(recordButton(el, 'camera')!.disabled);
    recordButton(el, 'camera')!.click();
    await new Promise((r) => setTimeout(r, 200));
    assert.isNull(preview(el));
    assert.equal(rows(el).length, 0);
    el.disabled = false;
    await el.updateComplete;
    assert.isFalse(recordButton(el, 'camera')!.disabled);
  });

  it('strings can be replaced, the recorder’s too', async function () {
    await needsRecorder(this);
    const el = await mountRecorder('camera', {});
    el.strings = { recordCamera: 'Kamera aufnehmen', stopRecording: 'Anhalten' };
    await el.updateComplete;
    assert.equal(recordButton(el, 'camera')!.textContent, 'Kamera aufnehmen');
    await startRecording(el, 'camera');
    assert.equal(part(el, 'stop-button')!.textContent, 'Anhalten');
    (part(el, 'stop-button') as HTMLButtonElement).click();
    await waitFor(() => recordButton(el, 'camera'), 'the Record button back');
  });
});

/** Every piece the page's MediaRecorders give out (a test tap on the browser API, not on the library). */
function tapRecorders(): { pieces: Blob[]; restore(): void } {
  const Native = window.MediaRecorder;
  const pieces: Blob[] = [];
  window.MediaRecorder = class extends Native {
    constructor(stream: MediaStream, options?: MediaRecorderOptions) {
      super(stream, options);
      this.addEventListener('dataavailable', (e) => e.data.size && pieces.push(e.data));
    }
  } as typeof MediaRecorder;
  return { pieces, restore: () => void (window.MediaRecorder = Native) };
}

describe('<kaltura-uploader record> uploads while it records', function () {
  this.timeout(120_000);
  beforeEach(() => resetServer());
  afterEach(() => unmountAll());

  it('a 10-second camera recording becomes an entry: the bytes recorded, a valid MP4 (WebM where the engine records no MP4), played back by the local API', async function () {
    await needsRecorder(this);
    const tap = tapRecorders();
    try {
      const el = await mountRecorder('camera');
      const media = await startRecording(el, 'camera');
      const first = nextEvent(el, 'kaltura-upload-progress', (d) => d.bytesConfirmed > 0);
      await new Promise((r) => setTimeout(r, 10_000));
      await first; // bytes reached the server while it recorded
      const ready = nextEvent(el, 'kaltura-entry-ready');
      (part(el, 'stop-button') as HTMLButtonElement).click();
      const { entryId, entry } = await ready;
      assert.isTrue(media.getTracks().every((t) => t.readyState === 'ended'));
      const recorded = new Blob(tap.pieces);
      const info = await entryInfo(entryId);
      assert.equal(info?.size, recorded.size);
      assert.equal(info?.sha256, await sha256Hex(recorded), 'the entry holds exactly what was recorded');
      assert.match(info!.name, new RegExp(`^Recording .*\\.${EXT}$`));
      const played = await (await fetch(String(entry.dataUrl))).blob();
      assert.equal(played.size, recorded.size, 'the playManifest URL serves it');
      assert.isTrue(await looksRecorded(played), `an ${EXT} file`);
      const video = document.createElement('video');
      video.src = String(entry.dataUrl);
      await new Promise((resolve, reject) => Object.assign(video, { onloadedmetadata: resolve, onerror: () => reject(video.error) }));
      // MediaRecorder's WebM has no duration in its header: Chromium reads it from the whole file,
      // Firefox from what it has read so far. MP4 says it.
      assert.isAbove(video.duration, RECORDS_MP4 ? 9 : 0);
      assert.deepEqual(await storedPieces(), [], 'browser storage is empty once it is complete');
    } finally {
      tap.restore();
    }
  });

  it('a device lost mid-recording: what was recorded still becomes the entry', async function () {
    await needsRecorder(this);
    const tap = tapRecorders();
    try {
      const el = await mountRecorder('camera');
      const media = await startRecording(el, 'camera');
      requireCapability(this, syntheticTrackEndReachesListeners(media.getVideoTracks()[0]), NO_DEVICE_LOSS);
      await new Promise((r) => setTimeout(r, 3000));
      const complete = nextEvent(el, 'kaltura-upload-complete');
      const track = media.getVideoTracks()[0];
      track.stop();
      track.dispatchEvent(new Event('ended'));
      const { entryId } = await complete;
      assert.equal((await entryInfo(entryId))?.sha256, await sha256Hex(new Blob(tap.pieces)));
    } finally {
      tap.restore();
    }
  });

  it('metadata mode: the recording uploads at once, and its name stays editable until the entry is made', async function () {
    await needsRecorder(this);
    const el = await mountRecorder('camera', { metadata: true });
    await startRecording(el, 'camera');
    await waitFor(() => rows(el)[0]?.dataset.state === 'uploading', 'the recording to upload at once');
    const name = rows(el)[0].querySelector<HTMLInputElement>('[part~="fields"] input')!;
    name.value = 'Bug report';
    name.dispatchEvent(new Event('input'));
    const complete = nextEvent(el, 'kaltura-upload-complete');
    (part(el, 'stop-button') as HTMLButtonElement).click();
    const { entryId } = await complete;
    assert.equal((await entryInfo(entryId))?.name, 'Bug report');
  });
});

describe('Recording (MediaRecorder as a stream)', () => {
  it('picks MP4 (H.264) where the engine records it (AAC where it has it, else Opus), else WebM', () => {
    const withAudio = recordingType(true)!;
    assert.isTrue(MediaRecorder.isTypeSupported(withAudio), withAudio);
    assert.equal(recordingType(false), withAudio.replace(/,.*/, ''), 'without audio: the same video codec, no audio one');
    if (RECORDS_MP4) {
      const aac = MediaRecorder.isTypeSupported('video/mp4;codecs=avc1,mp4a.40.2');
      assert.equal(withAudio, aac ? 'video/mp4;codecs=avc1,mp4a.40.2' : 'video/mp4;codecs=avc1,opus', 'AAC where the engine has it (Safari), else Opus (Chromium)');
    } else {
      assert.match(withAudio, /^video\/webm/, 'WebM where the engine records no MP4 (Firefox)');
    }
  });

  it('gives one-second pieces that make a playable file', async function () {
    await needsRecorder(this);
    const media = await capture('camera');
    let stopped: (lost: boolean) => void;
    const done = new Promise<boolean>((resolve) => (stopped = resolve));
    const recording = new Recording(media, 'camera', (lost) => stopped(lost));
    const reader = recording.stream.getReader();
    const pieces: { at: number; blob: Blob }[] = [];
    const reading = (async () => {
      for (let r = await reader.read(); !r.done; r = await reader.read()) pieces.push({ at: recording.seconds, blob: r.value });
    })();
    await new Promise((r) => setTimeout(r, 4500));
    // Fragments come every second, not only at the end (a crash must not lose much).
    assert.isAtLeast(pieces.filter((p) => p.blob.size > 2000).length, 2, `pieces before the stop: ${pieces.map((p) => `${p.at.toFixed(1)}s:${p.blob.size}`)}`);
    recording.stop();
    assert.isFalse(await done);
    await reading;
    const file = new Blob(pieces.map((p) => p.blob), { type: recording.type });
    assert.isTrue(await looksRecorded(file), `an ${EXT} file`);
    const video = document.createElement('video');
    video.src = URL.createObjectURL(file);
    await new Promise((resolve, reject) => Object.assign(video, { onloadedmetadata: resolve, onerror: () => reject(video.error) }));
    assert.isAbove(video.duration, 3);
    assert.equal(video.videoWidth, 640);
    URL.revokeObjectURL(video.src);
  });
});
