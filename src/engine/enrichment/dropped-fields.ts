// Fields Kaltura drops without a word: on insert, a property the KS's role may not set is nulled
// and reported only in a response header the browser cannot read (kaltura-workflows.md 0.1-4).
// Comparing the entry's answer with what was asked is the only way to know.
import type { EntryFields, KalturaMediaEntry } from '../../kaltura/types.js';

/** Fields set in `asked` (not empty) that `entry` came back without. */
export function droppedFields(asked: EntryFields | undefined, entry: KalturaMediaEntry | undefined): string[] {
  if (!asked || !entry) return [];
  return Object.keys(asked).filter((key) => {
    const value = asked[key];
    return key !== 'objectType' && value != null && value !== '' && (entry[key] == null || entry[key] === '');
  });
}
