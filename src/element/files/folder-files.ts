// The files of dropped folders, read through `DataTransferItem.webkitGetAsEntry()` (every current
// browser has it under that name): each folder recursively, siblings in name order. Inside a
// folder, hidden files and folders (a leading `.`: .DS_Store, .git) are skipped, and so are files
// `accept` does not take: the person chose the folder, not each of those files, so they get no
// "not uploaded" row. A file dropped by itself is kept whatever it is, for the usual checks.
// Loaded on the first folder drop, this module imports nothing at run time: a bundler follows an
// import() even in an app that leaves the element out, and whatever this chunk imported would come
// along; the `accept` check is handed in.

/** Whether a file found inside a folder is taken (`accept`). */
export type Accepts = (file: File) => boolean;

const readBatch = (reader: FileSystemDirectoryReader) => new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));

async function walk(entry: FileSystemEntry, inside: boolean, accepts: Accepts): Promise<File[]> {
  if (inside && entry.name[0] === '.') return [];
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    const children: FileSystemEntry[] = [];
    // readEntries answers in batches (100 at a time in Chromium) until an empty one.
    for (let batch; (batch = await readBatch(reader)).length; ) children.push(...batch);
    return (await Promise.all(children.map((child) => walk(child, true, accepts)))).flat();
  }
  const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
  return !inside || accepts(file) ? [file] : [];
}

/**
 * The files of a drop whose entries include a folder. `entries` must be taken from the drop
 * event's items while it is dispatched (they are empty afterwards). Unreadable entries (removed
 * meanwhile) are left out.
 */
export async function filesOfEntries(entries: (FileSystemEntry | null)[], accepts: Accepts): Promise<File[]> {
  const found = await Promise.all(entries.map((entry) => (entry ? walk(entry, false, accepts).catch(() => []) : [])));
  return found.flat();
}
