export { loadMigrations, migrateDatabase, pendingMigrations, MigrationError } from './migrate.js';
export type { DatabaseName, Migration, MigrationReport } from './migrate.js';
