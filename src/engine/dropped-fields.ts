// Which entry fields Kaltura dropped without a word: a field the KS's role may not set (a default
// USER KS and `referenceId`, say) is nulled on insert and reported only in a header the browser
// cannot read (kaltura-workflows.md 0.1-4). The entry's answer is the only witness: a field asked
// for that it does not hold was dropped.
import type { EntryFields, KalturaMediaEntry } from '../kaltura/types.js';

/** Names of the fields of `asked` (given, not empty) that `entry` does not hold. */
export const droppedFields = (asked: EntryFields, entry: KalturaMediaEntry): string[] =>
  Object.keys(asked).filter((name) => asked[name] != null && asked[name] !== '' && entry[name] == null);
