// The element stays light while files upload: rows re-render a few times a second (events keep
// their own rate), the bar's value reaches assistive technology about once a second, nothing
// animates, and number formatters are made once.
import { assert } from '@esm-bundle/chai';
import { formatBytes, formatPercent } from '../../src/element/i18n/format.js';
import { resetServer, setFaults } from '../helpers/kaltura-server.js';
import { makeFile, mountUploader, row, unmountAll } from './uploader-fixture.js';

describe('<kaltura-uploader> rendering while uploading', function () {
  this.timeout(60_000);
  beforeEach(resetServer);
  afterEach(unmountAll);

  it('re-renders at most a few times a second, tells the bar\'s value about once a second, and animates nothing', async () => {
    // One 1 MB/s link and small chunks: about 3 s of upload, a chunk confirmed every 65 ms.
    await setFaults([{ kind: 'bandwidth', action: 'upload', bytesPerSecond: 1_000_000, shared: true }]);
    const el = await mountUploader({ 'chunk-size': '65536' });
    let updates = 0;
    const update = (el as unknown as { update(changed: unknown): void }).update.bind(el);
    (el as unknown as { update(changed: unknown): void }).update = (changed) => {
      updates++;
      update(changed);
    };
    let events = 0;
    el.addEventListener('kaltura-upload-progress', () => events++);
    const told: [at: number, state: string][] = [];
    let observer: MutationObserver | undefined;
    const done = new Promise<void>((resolve) => el.addEventListener('kaltura-upload-complete', () => resolve()));
    const started = performance.now();
    el.addFiles([makeFile(3 * 1024 * 1024, 'light.mp4')]);
    await el.updateComplete;
    const li = row(el, 'light.mp4');
    const bar = li.querySelector('[role="progressbar"]')!;
    assert.equal(getComputedStyle(bar.querySelector('div')!).transitionDuration, '0s', 'no transition on the bar');
    observer = new MutationObserver(() => told.push([performance.now(), li.dataset.state!]));
    observer.observe(bar, { attributes: true, attributeFilter: ['aria-valuetext'] });
    await done;
    observer.disconnect();
    const seconds = (performance.now() - started) / 1000;
    assert.isAbove(seconds, 2, 'the link was slow enough to see it');
    assert.isAtMost(updates / seconds, 6, `${updates} renders in ${seconds.toFixed(1)} s`);
    // Events keep their own rate (about 10 a second; the span also counts the start and the end).
    assert.isAbove(events / seconds, 5, `${events} progress events in ${seconds.toFixed(1)} s`);
    assert.isAbove(events, updates, 'more progress events than renders');
    const gaps = told.slice(1).flatMap(([at, state], i) => (state === 'uploading' && told[i][1] === 'uploading' ? [at - told[i][0]] : []));
    assert.isAbove(gaps.length, 0, 'the value changed while uploading');
    assert.isAtLeast(Math.min(...gaps), 900, `aria-valuetext changes ${gaps.map(Math.round).join(', ')} ms apart`);
  });

  it('makes one number formatter per language and options, not one per call', () => {
    const Original = Intl.NumberFormat;
    let made = 0;
    const counting = function (this: unknown, ...args: ConstructorParameters<typeof Intl.NumberFormat>) {
      made++;
      return new Original(...args);
    } as unknown as typeof Intl.NumberFormat;
    Intl.NumberFormat = counting;
    try {
      for (let i = 0; i < 50; i++) {
        formatBytes(1_500_000 + i, 'fr-CA');
        formatPercent(i / 50, 'fr-CA');
      }
    } finally {
      Intl.NumberFormat = Original;
    }
    assert.isAtMost(made, 3, 'megabytes with one or no decimals, and percent');
    assert.equal(formatBytes(1_500_000, 'fr-CA'), new Original('fr-CA', { style: 'unit', unit: 'megabyte', unitDisplay: 'short', maximumFractionDigits: 1 }).format(1.5));
  });
});
