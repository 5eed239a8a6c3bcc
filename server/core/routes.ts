// Which requests belong to the API, shared by the adapters.

/** `/api_v3` and everything under it (`/api_v3/service/...`, `/api_v3/?service=...`, `/api_v3/index.php`). */
export function isApiPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0]!;
  return path === '/api_v3' || path.startsWith('/api_v3/');
}
