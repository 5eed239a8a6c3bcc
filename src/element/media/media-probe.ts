// What a media file is, read in the browser before (and while) it uploads: its duration, its frame
// size and a poster, through a <video> (also for audio) or an <img> on an object URL that is
// revoked as soon as the probe ends. The browser reads only what it needs (the metadata and one
// frame), never the whole file into memory. A file it cannot decode gives nothing, and so does one
// it neither decodes nor refuses within a few seconds.

export interface MediaInfo {
  /** Seconds, when the file says (video and audio; some recordings do not). */
  duration?: number;
  /** Frame size in pixels (video and images). */
  width?: number;
  height?: number;
  /** A JPEG of one frame (about a second in, video) or of the image, at most 1280 px wide. */
  poster?: Blob;
}

const POSTER_WIDTH = 1280;
const GIVE_UP_MS = 5000;

/** Reads `file` if its type is video, audio or image; undefined when it is none or cannot be read. */
export async function probeMedia(file: File): Promise<MediaInfo | undefined> {
  const kind = file.type.split('/')[0];
  if (kind !== 'video' && kind !== 'audio' && kind !== 'image') return undefined;
  const url = URL.createObjectURL(file);
  const image = kind === 'image';
  const el = document.createElement(image ? 'img' : 'video');
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const giveUp = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), GIVE_UP_MS);
    });
    return await Promise.race([image ? readImage(el as HTMLImageElement, url) : readMedia(el as HTMLVideoElement, url), giveUp]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    el.removeAttribute('src');
    (el as HTMLVideoElement).load?.(); // a media element lets go of the file only on load()
    URL.revokeObjectURL(url);
  }
}

async function readImage(img: HTMLImageElement, url: string): Promise<MediaInfo> {
  img.src = url;
  await img.decode();
  const { naturalWidth: width, naturalHeight: height } = img;
  return { width, height, poster: await snapshot(img, width, height) };
}

async function readMedia(video: HTMLVideoElement, url: string): Promise<MediaInfo> {
  video.muted = true;
  video.preload = 'metadata';
  video.src = url;
  await when(video, 'loadedmetadata');
  const { duration, videoWidth: width, videoHeight: height } = video;
  const info: MediaInfo = { duration: Number.isFinite(duration) ? duration : undefined };
  if (width) {
    // About a second in: the very first frame is often black. A file that does not say how long it
    // is (a MediaRecorder's WebM) is seeked to its start, not past the end of what may be a short clip.
    video.currentTime = Number.isFinite(duration) ? Math.min(1, duration / 4) : 0;
    await Promise.race([when(video, 'seeked'), seekSettled(video)]);
    Object.assign(info, { width, height, poster: await snapshot(video, width, height) });
  }
  return info;
}

/**
 * Resolves once `video` is no longer seeking and has a frame: Firefox sometimes ends a seek in a
 * short clip without a `seeked` event (2-3 of 70 half-second WebM clips here: `seeking` false,
 * `readyState` 4, and no event within 5 s), which left those files without a poster.
 */
async function seekSettled(video: HTMLVideoElement): Promise<void> {
  do await new Promise((r) => setTimeout(r, 100));
  while (video.seeking || video.readyState < 2);
}

const when = (target: EventTarget, type: string) =>
  new Promise((resolve, reject) => {
    target.addEventListener(type, resolve, { once: true });
    target.addEventListener('error', reject, { once: true });
  });

function snapshot(source: CanvasImageSource, width: number, height: number): Promise<Blob | undefined> {
  const scale = Math.min(1, POSTER_WIDTH / width);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale) || 1;
  canvas.height = Math.round(height * scale) || 1;
  canvas.getContext('2d')?.drawImage(source, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob ?? undefined), 'image/jpeg', 0.85));
}
