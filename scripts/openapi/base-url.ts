import type { OpenApiDocument } from './types';

/** The path part of the document's first server URL (`http://host/v1` → `/v1`), `''` for none. */
function serverPath(document: OpenApiDocument): { url: string; path: string } | undefined {
  const url = document.servers?.[0]?.url;
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    const path = new URL(url, 'http://server.invalid').pathname.replace(/\/+$/, '');
    return { url, path };
  } catch {
    return undefined;
  }
}

/** A first path segment that names the API rather than a resource (`/api/orders`, `/v2/pets`). */
const PREFIX = /^(api|apis|rest|v\d+(\.\d+)*|services?|gateway|openapi)$/i;

/**
 * What the app's baseURL must be for the generated endpoints to reach the API, when the README's
 * `VITE_API_BASE_URL=https://api.example.com/api` would not do: the endpoints call the document's
 * paths under the instance's baseURL, so paths that already start with `/api` (Springdoc, knife4j)
 * need the server's root, and a server URL with a path (`http://host/v1`) needs that path.
 *
 * @param paths the paths of the generated operations, as the document writes them
 * @example baseUrlNote(doc, ['/api/orders', '/api/users']) // 'Every path starts with /api: …'
 */
export function baseUrlNote(document: OpenApiDocument, paths: string[]): string | undefined {
  const server = serverPath(document);
  if (server && server.path !== '') {
    return `The document's server is ${server.url}: the endpoints call its paths under the instance's baseURL, so that ends in ${server.path} (VITE_API_BASE_URL=https://<host>${server.path}).`;
  }
  const firsts = new Set(paths.map((path) => path.split('/').filter(Boolean)[0] ?? ''));
  const [first] = firsts;
  if (firsts.size === 1 && first && PREFIX.test(first)) {
    const root = server ? ` (this document's server: ${server.url})` : '';
    return `Every path starts with /${first}, and the endpoints call it under the instance's baseURL: set VITE_API_BASE_URL to the server's root${root}, not one ending in /${first} (that would call /${first}/${first}/…).`;
  }
  return undefined;
}
