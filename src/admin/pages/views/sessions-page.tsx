import { Layout, Pager, type PageChrome } from '../../../platform/pages/index.js';
import type { Page } from '../../../platform/paging/index.js';
import type { AdminSession } from '../../queries/list-sessions.js';
import type { AdminToken } from '../../queries/list-tokens.js';
import { SessionTable, TokenTable } from './parts.js';

export function SessionsPage({ chrome, base, cursor, page }: { chrome: PageChrome; base: string; cursor?: string | undefined; page: Page<AdminSession> }) {
  return (
    <Layout chrome={chrome} title="Sessions">
      <h1>Live sessions</h1>
      {page.items.length === 0 ? <p class="empty">{cursor ? 'No more sessions.' : 'Nobody is signed in.'}</p> : <SessionTable base={base} items={page.items} showUser />}
      <Pager path={`${base}/sessions`} page={page} label="Pages of sessions" />
    </Layout>
  );
}

export function TokensPage({ chrome, base, cursor, page }: { chrome: PageChrome; base: string; cursor?: string | undefined; page: Page<AdminToken> }) {
  return (
    <Layout chrome={chrome} title="Access tokens">
      <h1>Access tokens</h1>
      <p class="hint">Names, scopes and use only: a token's text is shown once to its owner and never kept.</p>
      {page.items.length === 0 ? <p class="empty">{cursor ? 'No more tokens.' : 'Nobody has made an access token yet.'}</p> : <TokenTable base={base} items={page.items} showUser />}
      <Pager path={`${base}/tokens`} page={page} label="Pages of tokens" />
    </Layout>
  );
}
