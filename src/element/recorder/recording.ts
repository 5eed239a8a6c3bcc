// One recording: the camera or a screen (with the microphone when the person allows it), recorded
// by MediaRecorder in one-second pieces and handed out as a ReadableStream of Blobs, which the
// engine uploads while it grows. Failures are typed: refused, no device, unsupported before it
// starts; a device that goes away while recording stops it, and what was recorded is kept.
//
// The container: MP4 (H.264) where the browser records it, else WebM (VP9, VP8). Kaltura converts
// both; MP4 is its own flavours' container, and MediaRecorder's WebM has no duration in its header
// (players and Kaltura's conversion read it from the clusters; nothing can write it afterwards,
// since the header is on the server before the duration is known). Audio is AAC where the browser
// has it in MP4 (Safari), Opus otherwise (Chromium records Opus in MP4, and Kaltura's ffmpeg reads
// it). A keyframe every second makes MP4 come out in one-second fragments: without it Chromium
// holds a fragment until the next keyframe, and a crash would lose several seconds.
import type { UploadError } from '../../errors.js';

export type RecordKind = 'camera' | 'screen';

/** Containers and codecs in order of preference, with audio; without audio, the part after the first codec goes. */
const TYPES = ['video/mp4;codecs=avc1,mp4a.40.2', 'video/mp4;codecs=avc1,opus', 'video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm'];
const SLICE_MS = 1000;

/** The best MIME type this browser records (with or without audio); undefined when none of ours. */
export function recordingType(audio: boolean): string | undefined {
  return TYPES.map((t) => (audio ? t : t.replace(/,.*/, ''))).find((t) => MediaRecorder.isTypeSupported(t));
}

/** The error (an `Errors`, the element's UploadError) for a failed getUserMedia / getDisplayMedia / MediaRecorder, with `messages`' text for its code. */
export function recordingError(
  Errors: typeof UploadError, e: unknown, messages: Record<'RECORDING_NOT_ALLOWED' | 'RECORDING_NO_DEVICE' | 'RECORDING_NOT_SUPPORTED', string>,
): UploadError {
  const name = (e as DOMException | undefined)?.name ?? '';
  const code = /^(NotAllowed|Security)Error$/.test(name)
    ? 'RECORDING_NOT_ALLOWED'
    : /^(NotFound|NotReadable|Overconstrained|Abort)Error$/.test(name) ? 'RECORDING_NO_DEVICE' : 'RECORDING_NOT_SUPPORTED';
  return new Errors(code, messages[code], { cause: e });
}

/**
 * Asks for the camera (with the microphone; without it if that is refused or missing) or a screen
 * (and then the microphone, if allowed). Rejects with what the browser said.
 */
export async function capture(kind: RecordKind): Promise<MediaStream> {
  const media = navigator.mediaDevices;
  if (kind === 'camera') return media.getUserMedia({ video: true, audio: true }).catch(() => media.getUserMedia({ video: true }));
  const screen = await media.getDisplayMedia({ video: true });
  const mic = await media.getUserMedia({ audio: true }).catch(() => undefined);
  for (const track of mic?.getAudioTracks() ?? []) screen.addTrack(track);
  return screen;
}

/** A recording of `media`, running from construction until `stop()` or until a device goes away. */
export class Recording {
  /** The recorded pieces, as they come; closes when the recording stops. */
  readonly stream: ReadableStream<Blob>;
  readonly type: string;
  readonly startedAt = Date.now();
  /** Set once it stopped: whether a device went away (rather than a stop by the person). */
  lost?: boolean;
  /** What is recorded (the live preview shows it). */
  readonly media: MediaStream;
  readonly #recorder: MediaRecorder;

  /** `stopped(lost)` is called once, when the last piece is out. */
  constructor(media: MediaStream, kind: RecordKind, stopped: (lost: boolean) => void) {
    this.media = media;
    this.type = recordingType(media.getAudioTracks().length > 0) ?? '';
    // A keyframe every second: MP4 then comes out in one-second fragments (see above).
    const recorder = (this.#recorder = new MediaRecorder(media, { mimeType: this.type, videoKeyFrameIntervalDuration: SLICE_MS } as MediaRecorderOptions));
    this.type = recorder.mimeType || this.type;
    // The stream may be cancelled (the upload was): later pieces have nowhere to go.
    const quietly = (f: () => void) => {
      try {
        f();
      } catch {
        // closed or cancelled
      }
    };
    this.stream = new ReadableStream<Blob>({
      start: (controller) => {
        recorder.ondataavailable = (e) => e.data.size && quietly(() => controller.enqueue(e.data));
        recorder.onstop = () => {
          quietly(() => controller.close());
          for (const track of media.getTracks()) track.stop();
          stopped(!!this.lost);
        };
      },
      cancel: () => this.stop(),
    });
    // A track that ends on its own: the device went away (unplugged, or its permission revoked),
    // except the screen's own track, which ends when the person stops sharing.
    for (const track of media.getTracks()) {
      track.addEventListener('ended', () => this.stop(!(kind === 'screen' && track.kind === 'video')));
    }
    recorder.onerror = () => this.stop(true);
    recorder.start(SLICE_MS);
  }

  /** Seconds recorded so far. */
  get seconds(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  /** Ends the recording; the last piece follows, then the stream closes. */
  stop(lost = false): void {
    if (this.#recorder.state === 'inactive') return;
    this.lost = lost;
    this.#recorder.stop();
  }
}

/** "2026-12-01 14:03" in local time: for a recording's name. */
export function recordingDate(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}
