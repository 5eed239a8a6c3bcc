// A test that needs something an engine lacks is skipped there by a check of that very thing, never
// by the engine's name, and says why: the reason goes into the test's title, which the summary
// reporter (test/summary-reporter.mjs) lists under "Skipped by capability".

/**
 * Skips the running test unless `has`, with `reason`: `this` of a mocha `it(function () {...})`,
 * or of a `beforeEach(function () {...})` (then the test about to run is the one skipped).
 */
export function requireCapability(ctx: Mocha.Context, has: boolean, reason: string): void {
  if (has) return;
  const test = ctx.currentTest ?? ctx.test;
  if (test) test.title += ` [skipped: ${reason}]`;
  ctx.skip();
}

/** Whether a paste event made by a script carries the files put on its DataTransfer (Firefox empties it). */
export function syntheticPasteCarriesFiles(): boolean {
  const transfer = new DataTransfer();
  transfer.items.add(new File(['x'], 'probe.txt'));
  return (new ClipboardEvent('paste', { clipboardData: transfer }).clipboardData?.files.length ?? 0) > 0;
}

/**
 * Whether an `ended` event a script dispatches on a (clone of a) live track reaches its listeners:
 * the only way a test can make a fake device "go away". Firefox drops such events.
 */
export function syntheticTrackEndReachesListeners(track: MediaStreamTrack): boolean {
  const probe = track.clone();
  let heard = false;
  probe.addEventListener('ended', () => (heard = true));
  probe.dispatchEvent(new Event('ended'));
  probe.stop();
  return heard;
}

/** Whether a paste event made by a script carries the text put on its DataTransfer (Firefox empties it). */
export function syntheticPasteCarriesText(): boolean {
  const transfer = new DataTransfer();
  transfer.setData('text/plain', 'probe');
  return new ClipboardEvent('paste', { clipboardData: transfer }).clipboardData?.getData('text/plain') === 'probe';
}
