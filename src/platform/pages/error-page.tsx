import { Layout, type PageChrome } from './layout.js';

export interface ErrorPageProps {
  readonly chrome: PageChrome;
  readonly status: number;
  readonly message: string;
}

/** What a browser sees when a page itself fails (API calls show their errors in the form instead). */
export function ErrorPage({ chrome, status, message }: ErrorPageProps) {
  const title = status === 404 ? 'Page not found' : status >= 500 ? 'Something went wrong' : 'This page cannot be shown';
  return (
    <Layout chrome={chrome} title={title}>
      <h1>{title}</h1>
      <p class="notice notice-error">{message}</p>
      <p>
        <a href={chrome.homeHref}>Go to your apps</a>
      </p>
    </Layout>
  );
}
