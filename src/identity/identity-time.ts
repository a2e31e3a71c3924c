export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 24 * 3600_000);
}
