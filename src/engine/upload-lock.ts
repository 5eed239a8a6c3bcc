// One live upload per resume key across the tabs of an origin. The resume store is shared by
// every tab (localStorage is per origin): without a claim, a second tab that picks the same file
// would resume the token the first is still filling, list it as interrupted, and Forget there
// would delete it. An upload claims its key for its whole life; another that finds it claimed
// uploads on a token of its own and leaves the record alone; lists skip claimed keys.
//
// With Web Locks (`navigator.locks`), the claim is a lock the browser lets go when the tab closes
// or crashes, so an interrupted upload is free at once. Without them (older browsers), a lease in
// localStorage that its holder renews; a crashed tab's lease runs out after LEASE_MS.

const LOCK_PREFIX = 'kaltura-chunked-upload-lock:';
/** A fallback lease lives this long unless renewed (a hidden tab's timers may run once a minute). */
const LEASE_MS = 180_000;

/** Keys claimed in this page (the fallback's own check: a page does not race itself). */
const mine = new Set<string>();

/** Lets a claim go. */
export type Release = () => void;

/**
 * Claims `key` when no upload (in this tab or another of the origin) holds it: the release
 * function, or undefined while it is held elsewhere.
 */
export function claim(key: string): Promise<Release | undefined> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return leaseClaim(key);
  return new Promise((resolve, reject) => {
    locks.request(LOCK_PREFIX + key, { ifAvailable: true }, (lock) => {
      if (!lock) return resolve(undefined);
      // Held until the release is called (or the tab goes away).
      return new Promise<void>((release) => resolve(release));
    }).catch(reject);
  }).catch(() => leaseClaim(key)) as Promise<Release | undefined>;
}

/** The keys claimed now, by this tab or another. */
export async function claimedKeys(): Promise<Set<string>> {
  const keys = new Set(mine);
  try {
    const { held = [] } = (await globalThis.navigator?.locks?.query()) ?? {};
    for (const { name } of held) if (name?.startsWith(LOCK_PREFIX)) keys.add(name.slice(LOCK_PREFIX.length));
  } catch {
    // Locks refused (an opaque origin): the leases say it.
  }
  for (const key of leaseKeys()) keys.add(key);
  return keys;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** Keys with a lease that has not run out. */
function leaseKeys(): string[] {
  const out: string[] = [];
  try {
    const store = storage();
    for (let i = 0; store && i < store.length; i++) {
      const name = store.key(i);
      if (name?.startsWith(LOCK_PREFIX) && Number(store.getItem(name)?.split(' ')[1]) > Date.now()) out.push(name.slice(LOCK_PREFIX.length));
    }
  } catch {
    // Storage disabled: only this page's own claims are known.
  }
  return out;
}

/**
 * The fallback: a lease `owner expiry` in localStorage, renewed while held. Two tabs writing at
 * the same moment: each reads back after a moment, and only the one whose lease stayed holds it.
 */
async function leaseClaim(key: string): Promise<Release | undefined> {
  if (mine.has(key) || leaseKeys().includes(key)) return undefined;
  mine.add(key);
  const name = LOCK_PREFIX + key;
  const owner = Math.random().toString(36).slice(2);
  const store = storage();
  const read = () => {
    try {
      return store?.getItem(name);
    } catch {
      return undefined;
    }
  };
  const write = () => {
    try {
      store?.setItem(name, `${owner} ${Date.now() + LEASE_MS}`);
    } catch {
      // Storage full or disabled: this page's own claim still holds.
    }
  };
  write();
  await new Promise((r) => setTimeout(r, 50));
  const stored = read();
  if (stored && !stored.startsWith(`${owner} `)) {
    mine.delete(key);
    return undefined;
  }
  const renew = setInterval(write, LEASE_MS / 4);
  return () => {
    clearInterval(renew);
    mine.delete(key);
    try {
      if (read()?.startsWith(`${owner} `)) store?.removeItem(name);
    } catch {
      // Storage disabled: nothing was written either.
    }
  };
}
