import { FormMessage, Layout, Pager, type PageChrome } from '../../../../platform/pages/index.js';
import type { Page } from '../../../../platform/paging/index.js';
import type { FailedDelivery, WebhookEndpoint } from '../../../../platform/webhooks/webhooks.types.js';

/**
 * The notifications page and the webhook settings (endpoints, dead letters), in the records app's
 * layout. Forms are `data-api` forms that the app's client bundle posts as JSON to the same API
 * any client uses.
 */
export interface NotificationItem {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
  readonly read: boolean;
  readonly createdAt: string;
}

/** One page of the viewer's notifications, newest first, with the count of all unread ones. */
export function NotificationsPage({ chrome, path, page, unread }: { chrome: PageChrome; path: string; page: Page<NotificationItem>; unread: number }) {
  const notifications = page.items;
  return (
    <Layout chrome={chrome} title="Notifications">
    <section class="card" aria-labelledby="notifications-heading">
      <h1 id="notifications-heading">Notifications {unread > 0 ? <span class="badge">{unread} unread</span> : null}</h1>
      {notifications.length === 0 ? (
        <p class="empty">Nothing new. When someone assigns you a task, it shows up here.</p>
      ) : (
        <ul class="list">
          {notifications.map((item) => (
            <li key={item.id} class={item.read ? 'item' : 'item unread'}>
              <strong>{item.link ? <a href={item.link}>{item.title}</a> : item.title}</strong>
              <span class="item-meta"> {item.body} · {new Date(item.createdAt).toUTCString()}</span>
              {item.read ? null : (
                <form data-api={`/api/v1/notifications/${item.id}/read`} data-method="POST" data-next="reload" class="inline-form">
                  <button type="submit" class="button secondary">Mark read</button>
<FormMessage />
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pager path={path} page={page} label="Pages of notifications" />
    </section>
    </Layout>
  );
}

/** The endpoints (bounded by the tenant's webhook quota) and one page of dead letters. */
export function WebhookSettingsPage(props: { chrome: PageChrome; path: string; endpoints: readonly WebhookEndpoint[]; topics: readonly string[]; failed: Page<FailedDelivery> }) {
  const { chrome, path, endpoints, topics, failed: page } = props;
  const failed = page.items;
  return (
    <Layout chrome={chrome} title="Webhooks">
      <h1>Webhooks</h1>
      <section class="card" aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">Endpoints</h2>
        {endpoints.length === 0 ? (
          <p class="empty">No endpoints yet. Add one to receive signed events ({topics.join(', ')}).</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Topics</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((endpoint) => (
                <tr key={endpoint.id}>
                  <th scope="row">{endpoint.url}</th>
                  <td>{endpoint.topics.length === 0 ? 'all' : endpoint.topics.join(', ')}</td>
                  <td>
                    <form data-api={`/api/v1/webhooks/endpoints/${endpoint.id}`} data-method="DELETE" data-next="reload" data-confirm="Remove this endpoint?" class="inline-form">
                      <button type="submit" class="button danger">Remove</button>
<FormMessage />
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form data-api="/api/v1/webhooks/endpoints" data-method="POST" data-reveal="webhook-secret" data-action="show-webhook-secret" class="stack">
          <label for="webhook-url">Endpoint URL (https, public address)</label>
          <input id="webhook-url" name="url" type="url" required maxLength={2000} placeholder="https://example.com/bsns-webhook" />
          <label for="webhook-description">Description</label>
          <input id="webhook-description" name="description" maxLength={200} />
          <button type="submit" class="button">Add endpoint</button>
          <FormMessage />
        </form>
        <p id="webhook-secret" hidden>
          Copy the signing secret now: it is shown only once. <code data-field="secret" />
        </p>
      </section>
      <section class="card" aria-labelledby="failed-heading">
        <h2 id="failed-heading">Failed deliveries</h2>
        {failed.length === 0 ? (
          <p class="empty">No failed deliveries.</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Endpoint</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {failed.map((delivery) => (
                <tr key={delivery.id}>
                  <th scope="row">
                    {delivery.topic} <span class="item-meta">{delivery.id}</span>
                  </th>
                  <td>{delivery.url}</td>
                  <td>
                    {delivery.attempts} {delivery.status === 'dead' ? <span class="badge">gave up</span> : <span class="badge">retrying</span>}
                  </td>
                  <td>{delivery.lastError ?? ''}</td>
                  <td>
                    <form data-api={`/api/v1/webhooks/deliveries/${delivery.id}/retry`} data-method="POST" data-next="reload" class="inline-form">
                      <button type="submit" class="button secondary">Retry</button>
<FormMessage />
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager path={path} param="failed" page={page} label="Pages of failed deliveries" />
      </section>
    </Layout>
  );
}
