// The language packs, as a page in another language uses them: every pack words every string of
// UploaderStrings (a missing key fails here by name, so a string added elsewhere cannot ship
// untranslated), the element follows the language of itself, an ancestor or the document, and
// switches when it or a pack changes, counts take each language's plural forms and numbers each
// language's digits, and `el.strings` still wins.
import { assert } from '@esm-bundle/chai';
import { registerLocale } from '../../src/element/i18n/locale-packs.js';
import { recorderStrings } from '../../src/element/recorder/recorder-strings.js';
import { enrichmentStrings } from '../../src/element/enrichment/enrichment-strings.js';
import { workflowStrings } from '../../src/element/workflows/workflow-strings.js';
import { interruptedStrings } from '../../src/element/views/interrupted-strings.js';
import { announcementStrings } from '../../src/element/controllers/announcement-strings.js';
import { defaultStrings as elementStrings, type UploaderStrings } from '../../src/element/i18n/strings.js';
import { LOCALES } from '../helpers/locales.js';
import { resetServer } from '../helpers/kaltura-server.js';
import { dropzone, makeFile, mountUploader, norm, row, unmountAll, untilState } from './uploader-fixture.js';

const packs = new Map<string, UploaderStrings>();
/** Every English default: the element's, the recorder's, the workflows', the enrichment's and the interrupted list's (which load with their features). */
const defaultStrings: UploaderStrings = { ...elementStrings, ...recorderStrings, ...workflowStrings, ...enrichmentStrings, ...interruptedStrings, ...announcementStrings };

/** Sample arguments for every string that takes some, so each function can be called. */
const SAMPLE_ARGS: Partial<Record<keyof UploaderStrings, unknown[]>> = {
  retrying: [3], formBusy: [2], errorMessage: ['INVALID_KS', 'server text'],
};

describe('language packs', () => {
  before(async () => {
    for (const lang of LOCALES) packs.set(lang, (await import(`../../src/locales/${lang}.ts`)).default);
  });
  beforeEach(() => resetServer());
  afterEach(async () => {
    await unmountAll();
    document.documentElement.removeAttribute('lang');
  });

  it('every pack has every key of UploaderStrings, each of the right kind and saying something', () => {
    const keys = Object.keys(defaultStrings) as (keyof UploaderStrings)[];
    const problems: string[] = [];
    for (const [lang, pack] of packs) {
      const missing = keys.filter((k) => !(k in pack));
      if (missing.length) problems.push(`${lang} misses ${missing.join(', ')}`);
      const extra = Object.keys(pack).filter((k) => !(k in defaultStrings));
      if (extra.length) problems.push(`${lang} has unknown keys ${extra.join(', ')}`);
      for (const key of keys.filter((k) => k in pack)) {
        const value = pack[key] as unknown;
        if (typeof value !== typeof defaultStrings[key]) problems.push(`${lang}.${key} is a ${typeof value}, not a ${typeof defaultStrings[key]}`);
        const text = typeof value === 'function' ? (value as (...a: unknown[]) => unknown)(...(SAMPLE_ARGS[key] ?? ['a', 'b', 'c'])) : value;
        if (typeof text !== 'string' || !text.trim()) problems.push(`${lang}.${key} gives no text`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('the element follows its own lang, else an ancestor\'s, else the document\'s, and switches when one changes', async () => {
    await import('../../src/locales/de.ts');
    await import('../../src/locales/fr.ts');
    await import('../../src/locales/pt.ts');
    const parent = document.createElement('section');
    document.body.append(parent);
    try {
      const el = await mountUploader({ manual: true }, {}, parent);
      assert.equal(norm(dropzone(el).textContent), defaultStrings.dropzone, 'no lang anywhere: English');
      document.documentElement.lang = 'fr';
      await el.updateComplete;
      assert.equal(norm(dropzone(el).textContent), packs.get('fr')!.dropzone, 'the document\'s');
      parent.lang = 'de';
      await el.updateComplete;
      assert.equal(norm(dropzone(el).textContent), packs.get('de')!.dropzone, 'the nearer ancestor\'s');
      el.lang = 'pt-BR';
      await el.updateComplete;
      assert.equal(norm(dropzone(el).textContent), packs.get('pt')!.dropzone, 'its own, pt-BR finding pt');
      el.strings = { dropzone: 'Arraste aqui' };
      await el.updateComplete;
      assert.equal(norm(dropzone(el).textContent), 'Arraste aqui', 'el.strings wins over the pack');
    } finally {
      parent.remove();
    }
  });

  it('zh, zh-CN and zh-Hans-SG find Simplified Chinese; zh-TW (Traditional) stays English; a tag Intl cannot read is English', async () => {
    await import('../../src/locales/zh-Hans.ts');
    const simplified = packs.get('zh-Hans')!.dropzone;
    for (const [lang, expected] of [['zh', simplified], ['zh-CN', simplified], ['zh-Hans-SG', simplified], ['zh-TW', defaultStrings.dropzone], ['not a tag!', defaultStrings.dropzone]]) {
      const el = await mountUploader({ lang: lang! });
      assert.equal(norm(dropzone(el).textContent), expected, lang);
    }
  });

  it('a pack registered after the element rendered switches it at once', async () => {
    const el = await mountUploader({ lang: 'nl' });
    assert.equal(norm(dropzone(el).textContent), defaultStrings.dropzone);
    registerLocale('nl', { dropzone: 'Zet bestanden hier neer' });
    await el.updateComplete;
    assert.equal(norm(dropzone(el).textContent), 'Zet bestanden hier neer', 'a partial pack: the rest stays English');
  });

  it('counts take the language\'s plural forms and digits; sizes, speeds and durations come through Intl', async () => {
    assert.equal(packs.get('en')!.formBusy(1), 'Wait until the upload finishes.');
    assert.equal(packs.get('en')!.formBusy(3), 'Wait until 3 uploads finish.');
    const he = packs.get('he')!;
    assert.notEqual(he.formBusy(1), he.formBusy(2), 'Hebrew: one and two differ');
    assert.include(he.formBusy(5), '5');
    const ar = packs.get('ar')!;
    const arabicDigits = new Intl.NumberFormat('ar').format(11);
    const arabicForms = new Set([1, 2, 3, 11].map((n) => ar.formBusy(n).replace(/[\d٠-٩]+/g, '#')));
    assert.equal(arabicForms.size, 4, 'Arabic: one, two, few and many are four forms');
    assert.include(ar.formBusy(11), arabicDigits, 'Arabic counts in the digits Intl uses for ar');
    assert.equal(norm(packs.get('de')!.retrying(1)), 'Neuer Versuch in 1 Sekunde');
    assert.equal(norm(packs.get('de')!.retrying(3)), 'Neuer Versuch in 3 Sekunden');
    assert.equal(norm(packs.get('fr')!.formBusy(2)), 'Attendez la fin des 2 envois.');

    await import('../../src/locales/de.ts');
    const el = await mountUploader({ lang: 'de', manual: true });
    el.addFiles([makeFile(1_500_000, 'urlaub.mp4')]);
    await el.updateComplete;
    assert.equal(norm(row(el, 'urlaub.mp4').querySelector('[part="size"]')!.textContent), '1,5 MB');
    assert.equal(norm(row(el, 'urlaub.mp4').querySelector('[part="state"]')!.textContent), 'In der Warteschlange');
    el.start();
    await untilState(el, 'urlaub.mp4', 'complete');
    assert.equal(norm(row(el, 'urlaub.mp4').querySelector('[part="details"]')!.textContent), '1,5 MB von 1,5 MB (1,5 MB gesendet)');
    assert.equal(norm(row(el, 'urlaub.mp4').querySelector('[role="progressbar"]')!.getAttribute('aria-valuetext')), '100 % bestätigt, 100 % gesendet');
  });
});
