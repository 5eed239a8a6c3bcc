// The language packs the package ships (src/locales/<lang>.ts, published as
// `kaltura-chunked-upload/locales/<lang>`), for the tests that go through each of them. The
// tarball test checks that this list is exactly what src/locales holds.
export const LOCALES = ['en', 'es', 'fr', 'de', 'pt', 'it', 'ja', 'zh-Hans', 'he', 'ar'] as const;

/** The packs written right to left. */
export const RTL_LOCALES: readonly string[] = ['he', 'ar'];
