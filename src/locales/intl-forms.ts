// What the language packs share: counts in the language's plural forms (Intl.PluralRules) and
// durations in its words (Intl.NumberFormat units), so a pack writes sentences, not grammar code.
// Packs import it (in dist/ it is a module beside them); the element's bundle never does.

/** The forms of a counted phrase; `#` stands for the number. `other` is the form every language has. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * `count(n, forms)`: the form `n` takes in `lang`, with the number in the language's digits.
 *
 * @example
 * const count = plural('he');
 * count(2, { one: 'קובץ אחד', two: 'שני קבצים', other: '# קבצים' }); // 'שני קבצים'
 */
export function plural(lang: string): (n: number, forms: PluralForms) => string {
  const rules = new Intl.PluralRules(lang);
  const number = new Intl.NumberFormat(lang);
  return (n, forms) => (forms[rules.select(n)] ?? forms.other).replace('#', number.format(n));
}

/** `seconds(3)`: "3 Sekunden", "٣ ثوانٍ": a number of seconds in `lang`'s words. */
export function seconds(lang: string): (n: number) => string {
  const format = new Intl.NumberFormat(lang, { style: 'unit', unit: 'second', unitDisplay: 'long' });
  return (n) => format.format(n);
}

/** `errorMessage` from a table of the codes a pack words itself; other codes keep the server's message. */
export function errorTexts(texts: Record<string, string>): (code: string, message: string) => string {
  return (code, message) => texts[code] ?? message;
}
