// Browser-side looks into the spill store's IndexedDB database, opened on a connection of its own
// (not the module's), so a test sees what is really stored and not what the code believes.

const DB_NAME = 'kaltura-chunked-upload';
const STORE = 'spill';

/** Every stored piece as [id, offset, size], in key order; [] when the database does not exist yet. */
export async function storedPieces(): Promise<[id: string, offset: number, size: number][]> {
  const names = (await indexedDB.databases()).map((d) => d.name);
  if (!names.includes(DB_NAME)) return [];
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    if (!db.objectStoreNames.contains(STORE)) return [];
    const all = db.transaction(STORE).objectStore(STORE).getAll();
    const pieces = await new Promise<{ id: string; offset: number; blob: Blob | ArrayBuffer }[]>((resolve, reject) => {
      all.onsuccess = () => resolve(all.result);
      all.onerror = () => reject(all.error);
    });
    // A Blob, or its bytes where the engine refuses Blob values (WebKit's ephemeral sessions).
    return pieces.map((p) => [p.id, p.offset, p.blob instanceof Blob ? p.blob.size : p.blob.byteLength]);
  } finally {
    db.close();
  }
}

/** The stored pieces of one upload. */
export const storedPiecesOf = async (id: string) => (await storedPieces()).filter(([pieceId]) => pieceId === id);
