import type { QueryResult, QueryResultRow } from 'pg';

/** What a unit of work may do with its connection: run parameterised SQL. */
export interface Queryable {
  query<Row extends QueryResultRow = QueryResultRow>(text: string, values?: readonly unknown[]): Promise<QueryResult<Row>>;
}
