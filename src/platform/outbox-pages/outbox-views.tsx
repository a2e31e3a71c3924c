import type { ComponentChildren } from 'preact';
import { Pager } from '../pages/pager.js';
import type { Page } from '../paging/index.js';
import type { FailedDelivery, WebhookEndpoint } from '../webhooks/webhooks.types.js';

/**
 * The notifications panel and the webhook settings (endpoints, dead letters). Forms follow the
 * portal's convention — `data-api` forms that the shared client bundle posts as JSON to the same
 * API any client uses — so they work unchanged once rendered inside the shared page kit's layout.
 * Until then `BarePage` gives them a minimal document of their own (no inline script or style).
 */
export function BarePage({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · bsns`}</title>
      </head>
      <body>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

export interface NotificationItem {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
  readonly read: boolean;
  readonly createdAt: string;
}

/** One page of the viewer's notifications, newest first, with the count of all unread ones. */
export function NotificationsPanel({ page, unread }: { page: Page<NotificationItem>; unread: number }) {
  const notifications = page.items;
  return (
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
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pager path="/notifications" page={page} label="Pages of notifications" />
    </section>
  );
}

/** The endpoints (bounded by the tenant's webhook quota) and one page of dead letters. */
export function WebhookSettings({ endpoints, topics, failed: page }: { endpoints: readonly WebhookEndpoint[]; topics: readonly string[]; failed: Page<FailedDelivery> }) {
  const failed = page.items;
  return (
    <>
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
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form data-api="/api/v1/webhooks/endpoints" data-method="POST" data-reveal="webhook-secret" data-action="showWebhookSecret" class="stack">
          <label for="webhook-url">Endpoint URL (https, public address)</label>
          <input id="webhook-url" name="url" type="url" required maxLength={2000} placeholder="https://example.com/bsns-webhook" />
          <label for="webhook-description">Description</label>
          <input id="webhook-description" name="description" maxLength={200} />
          <button type="submit" class="button">Add endpoint</button>
          <p role="status" class="form-message" />
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
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager path="/settings/webhooks" param="failed" page={page} label="Pages of failed deliveries" />
      </section>
    </>
  );
}
