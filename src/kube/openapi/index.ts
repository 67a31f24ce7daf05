// The public surface of the OpenAPI documents of the REST API: what
// `/openapi/v2` and `/openapi/v3/...` serve, built once from the orca.v1
// protos (the schema strict decoding uses) and the tables of this folder.
export {
  openApiV2,
  openApiV2Document,
  openApiV3,
  openApiV3Document,
  openApiV3GroupVersions,
  openApiV3Index,
  openApiV3IndexDocument,
  type OpenApiDocument,
} from './documents.js';
export { patchMeta, type PatchMeta } from './list-keys.js';
