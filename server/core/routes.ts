// Which requests belong to the local Kaltura server, shared by the adapters: the API (/api_v3) and
// the media URLs entries point at (/p/{pid}/.../thumbnail, /p/{pid}/.../playManifest).
import { isMediaPath } from '../media/media-urls.ts';

/** `/api_v3` and everything under it (`/api_v3/service/...`, `/api_v3/?service=...`, `/api_v3/index.php`). */
export function isApiPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0]!;
  return path === '/api_v3' || path.startsWith('/api_v3/');
}

/** Everything `KalturaApi.handle` answers: /api_v3 and the media URLs. */
export const isKalturaPath = (url: string | undefined): boolean => isApiPath(url) || isMediaPath(url);
