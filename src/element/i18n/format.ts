// Sizes, speeds, durations and percentages through Intl, in the element's language.
// Sizes use decimal units (1 kB = 1000 B) because that is what CLDR's "kilobyte" means.
// Formatters are made once per language and options: making one costs far more than using it,
// and rows are formatted several times a second while files upload.

const byteUnits = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];
const formats = new Map<string, Intl.NumberFormat>();

function format(value: number, lang: string | undefined, options: Intl.NumberFormatOptions): string {
  const key = lang + JSON.stringify(options);
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(lang, options)));
  return f.format(value);
}

/** `1500000` → "1.5 MB"; with `perSecond`, "1.5 MB/s". */
export function formatBytes(bytes: number, lang?: string, perSecond = false): string {
  let value = Math.max(0, bytes);
  let i = 0;
  while (value >= 1000 && i < byteUnits.length - 1) {
    value /= 1000;
    i++;
  }
  return format(value, lang, {
    style: 'unit',
    unit: byteUnits[i] + (perSecond ? '-per-second' : ''),
    unitDisplay: i ? 'short' : 'long', // "12 bytes", not "12 byte"
    maximumFractionDigits: i && value < 10 ? 1 : 0,
  });
}

/** Seconds → "45 seconds", "3 minutes", "1.5 hours". */
export function formatDuration(seconds: number, lang?: string): string {
  const [value, unit] =
    seconds < 60 ? [Math.ceil(seconds), 'second'] : seconds < 3600 ? [Math.ceil(seconds / 60), 'minute'] : [seconds / 3600, 'hour'];
  return format(value, lang, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 });
}

/** A fraction 0–1 → "42%". */
export function formatPercent(fraction: number, lang?: string): string {
  return format(fraction, lang, { style: 'percent' });
}
