// On a phone-sized screen (375 CSS px wide) every control of the element a finger has to hit is
// at least 44 px by 44 px (WCAG 2.5.5): row buttons, the start button, the metadata fields, the
// Play link, in every state that shows them and in a right-to-left language too.
import { assert } from '@esm-bundle/chai';
import { setViewport } from '@web/test-runner-commands';
import type { KalturaUploaderElement } from '../../src/element/kaltura-uploader.js';
import { requireCapability } from '../helpers/capability.js';
import { resetServer } from '../helpers/kaltura-server.js';
import { mountEveryRowState, shadow, unmountAll } from './uploader-fixture.js';

const MIN = 44;

/** Every visible control in the element's shadow root that is smaller than MIN in either direction. */
function smallTargets(el: KalturaUploaderElement): string[] {
  const controls = shadow(el).querySelectorAll<HTMLElement>('button, a[href], input:not([type="file"]), textarea, select, summary');
  return [...controls]
    .map((c) => [c, c.getBoundingClientRect()] as const)
    .filter(([, r]) => r.width > 0 && r.height > 0 && (r.width < MIN - 0.5 || r.height < MIN - 0.5))
    .map(([c, r]) => `${c.getAttribute('part') ?? c.localName} "${c.textContent?.trim() || c.getAttribute('aria-label') || c.id}": ${Math.round(r.width)}×${Math.round(r.height)}`);
}

describe('<kaltura-uploader> touch targets at 375 px', () => {
  /** Set when the test runner cannot size this browser's viewport (wtr's WebDriver launcher cannot). */
  let unsized: string | undefined;
  before(async () => {
    try {
      await setViewport({ width: 375, height: 812 });
    } catch (e) {
      unsized = (e as Error).message;
      return;
    }
    // A browser window may not shrink that far: still a phone-sized screen.
    assert.isTrue(matchMedia('(max-width: 40rem)').matches, `a narrow viewport: ${innerWidth} px`);
  });
  after(() => unsized ?? setViewport({ width: 800, height: 600 }));
  beforeEach(function () {
    requireCapability(this, !unsized, 'the test runner cannot size this browser\'s viewport (docs/screenshots/<engine>/375-*.png show it)');
  });
  beforeEach(() => resetServer());
  afterEach(() => unmountAll());

  for (const dir of ['ltr', 'rtl']) {
    it(`rows waiting (with metadata fields), rejected, failed and complete (${dir})`, async () => {
      document.documentElement.dir = dir;
      try {
        for (const el of await mountEveryRowState({ manual: true })) {
          assert.isAbove(shadow(el).querySelectorAll('button').length, 1, 'there are controls to measure');
          assert.deepEqual(smallTargets(el), [], el.getAttribute('ks') ?? 'uploader');
        }
      } finally {
        document.documentElement.dir = 'ltr';
      }
    });
  }
});
