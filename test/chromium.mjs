// Debian's Chromium, launched by every browser tool here (Playwright never downloads one).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];
/**
 * A fake camera, microphone and screen, and no permission prompt (granted): for recording tests.
 * Without `--use-fake-ui-for-media-stream`, headless Chromium refuses the camera unless the
 * context grants it, and getDisplayMedia has no picker (it crashes the page): tests that need a
 * refusal launch with FAKE_DEVICE_ARGS only and never call getDisplayMedia.
 */
export const FAKE_DEVICE_ARGS = ['--use-fake-device-for-media-stream'];
export const FAKE_MEDIA_ARGS = [...FAKE_DEVICE_ARGS, '--use-fake-ui-for-media-stream', '--auto-select-desktop-capture-source=Entire screen'];
export const launchOptions = { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS] };
