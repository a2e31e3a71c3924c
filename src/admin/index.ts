import type { FastifyInstance } from 'fastify';
import type { AdminDeps } from './admin-deps.js';
import { registerAdminActionRoutes } from './http/admin-actions.routes.js';
import { registerAdminReadRoutes } from './http/admin-read.routes.js';

export type { AdminDeps } from './admin-deps.js';
export { adminSuitePart } from './pages/admin-part.js';
export { adminNavLinks } from './pages/page-context.js';

/** The admin JSON API under `/api/v1/admin/` (the audit log's route is the audit module's own). */
export function registerAdminApi(app: FastifyInstance, deps: AdminDeps): void {
  registerAdminReadRoutes(app, deps);
  registerAdminActionRoutes(app, deps);
}
