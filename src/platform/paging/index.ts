export { readPage } from './keyset.js';
export type { KeysetOrder, KeysetQuery, ReadPageOptions } from './keyset.js';
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, pageQuerySchema, pageSchema } from './page-schemas.js';
export type { Page, PageRequest, PageSizes } from './page-schemas.js';
