// What each workflow works with, in a file of its own: the workflows (replace, import, prepare)
// name it, and workflows.ts, which binds them, imports them; neither imports the other for it.
import type { MediaApi } from '../../kaltura/media-api.js';
import type { EngineKit } from './engine-kit.js';

/** What each workflow works with: the engine's parts and the Kaltura calls made with them. */
export interface Workflow {
  kit: EngineKit;
  api: MediaApi;
}
