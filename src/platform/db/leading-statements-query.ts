import pg from 'pg';

/** A statement sent ahead of the caller's query, answered with at most rows we discard. */
export interface LeadingStatement {
  readonly text: string;
  readonly values?: readonly unknown[];
}

interface WireConnection {
  readonly stream: { cork?: () => void; uncork?: () => void };
  parse(message: { text: string; name?: string; types?: unknown[] }): void;
  bind(message: { portal?: string; statement?: string; values?: readonly unknown[]; valueMapper?: unknown }): void;
  execute(message: { portal?: string; rows?: number }): void;
}

/** The parts of node-postgres' `Query` this class builds on (stable since pg 8, not in @types/pg). */
interface QueryInternals {
  prepare(connection: WireConnection): void;
  handleDataRow(message: unknown): void;
  handleCommandComplete(message: unknown, connection: WireConnection): void;
}

const QueryBase = pg.Query as unknown as new (text: string, values: readonly unknown[] | undefined, callback: (error: Error | undefined, result: pg.QueryResult) => void) => QueryInternals;

/**
 * The caller's query with statements in front of it, written to the socket at once and closed by
 * ONE Sync: Parse/Bind/Execute for each leading statement, then the query's own
 * Parse/Bind/Describe/Execute, then Sync. PostgreSQL runs everything before a Sync in one
 * transaction and skips to the Sync after the first error, so the query never runs when a
 * leading statement failed, and a transaction-local setting made by a leading statement holds
 * for the query. Only unnamed statements and portals: safe behind PgBouncer in transaction mode.
 *
 * node-postgres (8.x) sends one Sync per query, also in its `pipeline` mode, so it cannot express
 * this; a `Submittable` can. Results of the leading statements are dropped: the caller's promise
 * resolves with the query's result alone, or rejects with the first error of the batch.
 */
export class LeadingStatementsQuery extends QueryBase {
  #leadingCompletions: number;
  readonly #leading: readonly LeadingStatement[];

  constructor(leading: readonly LeadingStatement[], text: string, values: readonly unknown[] | undefined, callback: (error: Error | undefined, result: pg.QueryResult) => void) {
    super(text, values ?? [], callback);
    this.#leading = leading;
    this.#leadingCompletions = leading.length;
  }

  submit(connection: WireConnection): Error | null {
    connection.stream.cork?.();
    try {
      for (const statement of this.#leading) {
        connection.parse({ text: statement.text });
        connection.bind({ values: statement.values ?? [], valueMapper: prepareValue });
        connection.execute({ portal: '' });
      }
      this.prepare(connection); // Parse, Bind, Describe, Execute, Sync of the caller's query
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  override handleDataRow(message: unknown): void {
    if (this.#leadingCompletions > 0) return;
    super.handleDataRow(message);
  }

  override handleCommandComplete(message: unknown, connection: WireConnection): void {
    if (this.#leadingCompletions > 0) {
      this.#leadingCompletions -= 1;
      return;
    }
    super.handleCommandComplete(message, connection);
  }
}

/** Leading statements carry only text parameters (a tenant id); anything else is a kernel bug. */
function prepareValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  throw new TypeError('A leading statement takes text parameters only');
}
