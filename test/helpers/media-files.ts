// Real media made in the test page, so previews are read from files a browser truly decodes:
// a video recorded from an animated canvas (MediaRecorder: WebM, or MP4 in an engine that records
// no WebM, WebKit), a PNG drawn on a canvas, and a WAV written by hand (its duration is exact, for
// the duration limits).

/** The container and codec this engine records a canvas in: WebM (VP8) where it can, else MP4. */
export const RECORDED_VIDEO_TYPE = ['video/webm;codecs=vp8', 'video/mp4'].find((t) => 'MediaRecorder' in window && MediaRecorder.isTypeSupported(t));

/**
 * A WebM (an MP4 where the engine records no WebM; `name` stays as given) of about `seconds`
 * (recorded in real time), `width`×`height`, whose frames change colour every tenth of a second
 * (so a poster from one moment differs from another's).
 */
export async function makeWebm(name: string, seconds = 1.2, width = 320, height = 240): Promise<File> {
  if (!(await canRecordCanvas())) {
    // This engine's MediaRecorder gives no bytes: the same kind of file, recorded once in Chromium.
    return new File([await (await fetch(FIXTURE)).blob()], name, { type: 'video/webm' });
  }
  return recordCanvas(name, seconds, width, height);
}

/** A 1.2 s, 320×240 WebM (VP8) that Chromium recorded by recordCanvas, for engines that record nothing. */
const FIXTURE = '/test/fixtures/canvas-320x240.webm';

let recordsCanvas: Promise<boolean> | undefined;
/**
 * Whether this engine's MediaRecorder gives bytes for a canvas (asked once per page). WebKitGTK
 * 2.50 on Debian 12 says it records MP4 but gives empty Blobs: its GStreamer (1.22) lacks elements
 * the recorder's pipeline needs.
 */
export function canRecordCanvas(): Promise<boolean> {
  return (recordsCanvas ??= RECORDED_VIDEO_TYPE
    ? recordCanvas('probe', 0.3, 64, 48).then((f) => f.size > 0, () => false)
    : Promise.resolve(false));
}

async function recordCanvas(name: string, seconds: number, width: number, height: number): Promise<File> {
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const g = canvas.getContext('2d')!;
  const paint = (n: number) => {
    g.fillStyle = `hsl(${(n * 37) % 360} 70% 50%)`;
    g.fillRect(0, 0, width, height);
    g.fillStyle = '#fff';
    g.fillRect((n * 7) % width, height / 3, width / 8, height / 8);
  };
  paint(0);
  const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: RECORDED_VIDEO_TYPE });
  const parts: Blob[] = [];
  recorder.ondataavailable = (e) => parts.push(e.data);
  let frame = 0;
  const timer = setInterval(() => paint(++frame), 100);
  const stopped = new Promise((resolve) => (recorder.onstop = resolve));
  recorder.start();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  recorder.stop();
  await stopped;
  clearInterval(timer);
  return new File(parts, name, { type: RECORDED_VIDEO_TYPE?.replace(/;.*/, '') ?? 'video/webm' });
}

/** A PNG `width`×`height` with a gradient. */
export async function makePng(name: string, width = 64, height = 48): Promise<File> {
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const g = canvas.getContext('2d')!;
  const gradient = g.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, '#0b5fc7');
  gradient.addColorStop(1, '#f5a623');
  g.fillStyle = gradient;
  g.fillRect(0, 0, width, height);
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
  return new File([blob], name, { type: 'image/png' });
}

/** A mono 16-bit PCM WAV of exactly `seconds`: a 440 Hz tone. */
export function makeWav(name: string, seconds: number, sampleRate = 8000): File {
  const samples = Math.round(seconds * sampleRate);
  const view = new DataView(new ArrayBuffer(44 + samples * 2));
  const text = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  text(36, 'data');
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) view.setInt16(44 + i * 2, Math.round(Math.sin((2 * Math.PI * 440 * i) / sampleRate) * 8000), true);
  return new File([view.buffer], name, { type: 'audio/wav' });
}
