import { Layout, Pager, type PageChrome } from '../../../../platform/pages/index.js';
import { RECORD_PAGE, type ListRecordsQuery, type RecordKind, type RecordPage } from '../../customers/records.types.js';

export interface ListPageProps {
  readonly chrome: PageChrome;
  readonly base: string;
  readonly kind: RecordKind;
  readonly query: ListRecordsQuery;
  readonly page: RecordPage;
}

const WORDS = {
  person: { title: 'People', one: 'person', path: 'people', add: 'Add a person' },
  company: { title: 'Companies', one: 'company', path: 'companies', add: 'Add a company' },
} as const;

/** People or companies: search, sort, one keyset page at a time, and an empty state that says what to do. */
export function ListPage({ chrome, base, kind, query, page }: ListPageProps) {
  const words = WORDS[kind];
  const listPath = kind === 'person' ? `${base}/` : `${base}/companies`;
  return (
    <Layout chrome={chrome} title={words.title}>
      <h1>{words.title}</h1>
      <p>
        <a class="button" href={`${base}/${words.path}/new`}>
          {words.add}
        </a>
      </p>
      <form method="get" action={listPath} class="search-form" role="search">
        <div class="field">
          <label for="q">Search by name, email, phone or address</label>
          <input id="q" name="q" type="search" maxLength={100} value={query.q ?? ''} />
        </div>
        <div class="field">
          <label for="sort">Sort by</label>
          <select id="sort" name="sort">
            <option value="name" selected={query.sort === 'name'}>
              Name
            </option>
            <option value="created" selected={query.sort === 'created'}>
              Date added
            </option>
          </select>
        </div>
        <button type="submit" class="button button-secondary">
          Search
        </button>
      </form>
      {page.items.length === 0 ? (
        <p class="empty">
          {query.q
            ? `No ${words.title.toLowerCase()} match “${query.q}”.`
            : query.cursor
              ? 'No more results.'
              : `No ${words.title.toLowerCase()} yet. Add one, or import a CSV file.`}
        </p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Phone</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((record) => (
              <tr key={record.id}>
                <td>
                  <a href={`${base}/${words.path}/${record.id}`}>{record.name}</a>
                </td>
                <td>{record.email ?? ''}</td>
                <td>{record.phone ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager path={listPath} page={page} query={{ q: query.q, sort: query.sort, labelId: query.labelId, limit: query.limit === RECORD_PAGE.defaultLimit ? undefined : String(query.limit) }} label={`Pages of ${words.title.toLowerCase()}`} />
    </Layout>
  );
}
