// The api layer: `defineEndpoint`, shared schemas, and one module per domain.
// `npx plop api <name>` adds `export * from './<file>'` for its module (`lineItem` → `./line-item`).

export * from './auth';
export {
  defineEndpoint,
  type Endpoint,
  type EndpointConfig,
  type EndpointInput,
  type EndpointOutput,
  type HttpMethod,
} from './define-endpoint';
export {
  type Download,
  type DownloadCallConfig,
  type DownloadConfig,
  type DownloadedFile,
  type DownloadProgress,
  defineDownload,
  saveFile,
} from './download';
export * from './feed';
export { filenameFromDisposition } from './filename';
export * from './job';
export {
  type EndpointQueryKey,
  mutationOptionsOf,
  type QueryableEndpoint,
  queryKeyOf,
  queryOptionsOf,
} from './query';
export { idSchema, isoDate } from './schemas';
export * from './user';
