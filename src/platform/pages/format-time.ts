const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/** Server-rendered times are in UTC and say so: the server does not know the reader's zone. */
export function formatDateTime(instant: Date): string {
  return `${DATE_TIME.format(instant)} UTC`;
}

export function formatDate(instant: Date): string {
  return DATE.format(instant);
}
