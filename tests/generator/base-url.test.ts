import { describe, expect, it } from 'vitest';
import { baseUrlNote } from '../../scripts/openapi/base-url';
import type { OpenApiDocument } from '../../scripts/openapi/types';

const doc = (servers?: string[]): OpenApiDocument => ({
  openapi: '3.0.1',
  paths: {},
  ...(servers ? { servers: servers.map((url) => ({ url })) } : {}),
});

// The endpoints call the document's paths under the instance's baseURL. The README's example base
// ends in /api; a Springdoc document's paths already start with /api, so that base would call
// /api/api/orders: gen:openapi says what the base must be.
describe('the base URL note', () => {
  it('warns that paths starting with /api need the server root, not a base ending in /api', () => {
    expect(baseUrlNote(doc(['http://localhost:8080']), ['/api/orders', '/api/orders/:id'])).toBe(
      "Every path starts with /api, and the endpoints call it under the instance's baseURL: set VITE_API_BASE_URL to the server's root (this document's server: http://localhost:8080), not one ending in /api (that would call /api/api/…).",
    );
    expect(baseUrlNote(doc(), ['/v2/pets', '/v2/users'])).toMatch(/^Every path starts with \/v2,/);
  });

  it("says the base ends in the server URL's path when it has one", () => {
    expect(baseUrlNote(doc(['http://petstore.swagger.io/v1']), ['/pets'])).toMatch(
      /so that ends in \/v1 \(VITE_API_BASE_URL=https:\/\/<host>\/v1\)/,
    );
    expect(baseUrlNote(doc(['/api']), ['/users'])).toMatch(/ends in \/api/);
  });

  it('says nothing when the paths name resources under a root server', () => {
    expect(baseUrlNote(doc(), ['/users', '/orders'])).toBeUndefined();
    expect(baseUrlNote(doc(['//localhost:8080/']), ['/admin/dept'])).toBeUndefined();
    expect(baseUrlNote(doc(), ['/pets', '/pets/:id'])).toBeUndefined();
  });
});
