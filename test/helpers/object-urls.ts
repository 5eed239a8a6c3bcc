// Counts the page's object URLs that were made and not revoked: URL.createObjectURL and
// revokeObjectURL wrapped, the real functions called through. A leak test reads `live` after the
// element is gone; stop() puts the real functions back.
export interface ObjectUrlWatch {
  readonly live: Set<string>;
  stop(): void;
}

export function watchObjectUrls(): ObjectUrlWatch {
  const live = new Set<string>();
  const { createObjectURL, revokeObjectURL } = URL;
  URL.createObjectURL = (obj: Blob | MediaSource) => {
    const url = createObjectURL(obj);
    live.add(url);
    return url;
  };
  URL.revokeObjectURL = (url: string) => {
    live.delete(url);
    revokeObjectURL(url);
  };
  return { live, stop: () => Object.assign(URL, { createObjectURL, revokeObjectURL }) };
}
