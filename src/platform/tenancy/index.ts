export { BusinessDb } from './business-db.js';
export type { BusinessDbOptions, TenantStatement, TenantUnitOptions } from './business-db.js';
export { currentTenantTransaction } from './tenant-context.js';
export type { TenantTransaction } from './tenant-context.js';
export { TenancyError } from './tenancy-error.js';
export { createTenantMirror } from './tenant-mirror.js';
export type { MirroredTenant, TenantMirror } from './tenant-mirror.js';
export type { TenancyErrorCode } from './tenancy-error.js';
