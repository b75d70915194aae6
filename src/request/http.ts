// PLACEHOLDER: the request-layer helper replaces this with the app's composition root.
import { createHttp } from './create-http';

/** The default instance the domain modules use. */
export const http = createHttp({ baseURL: import.meta.env?.VITE_API_BASE_URL ?? '/api' });
