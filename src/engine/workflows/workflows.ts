// The workflows chunk: what chunked-upload.ts loads with import() only when an upload replaces an
// entry's media, imports a link, or prepares an entry, so an app that only uploads new files pays
// nothing for them. It is handed the engine's parts it uses (engine-kit.ts).
import { mediaApi } from '../../kaltura/media-api.js';
import { engineKit, type EngineParts } from './engine-kit.js';
import { prepareEntry } from './prepare-entry.js';
import { decide } from './replace-decisions.js';
import { replaceMedia } from './replace-media.js';
import { importUrl } from './url-import.js';
import type { Workflow } from './workflow.js';

export type { Workflow } from './workflow.js';

type Rest<F> = F extends (w: Workflow, ...args: infer A) => infer R ? (...args: A) => R : never;
const bind = <F extends (w: Workflow, ...args: never[]) => unknown>(w: Workflow, f: F) => ((...args: never[]) => f(w, ...args)) as Rest<F>;

export function workflows(parts: EngineParts) {
  const kit = engineKit(parts);
  const w: Workflow = { kit, api: mediaApi(kit.callKaltura, kit.UploadError) };
  return { replaceMedia: bind(w, replaceMedia), importUrl: bind(w, importUrl), prepareEntry: bind(w, prepareEntry), decide: bind(w, decide) };
}
