const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** Server-rendered times are in UTC and say so: the server does not know the reader's zone. */
export function formatDateTime(instant: Date | string | null): string {
  if (instant === null) return '—';
  return `${DATE_TIME.format(new Date(instant))} UTC`;
}
