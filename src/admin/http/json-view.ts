import type { Page } from '../../platform/paging/index.js';

/** A row as JSON sends it: each Date (or null Date) field as an ISO string. */
export type JsonView<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export function jsonView<T extends object>(row: T): JsonView<T> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value])) as JsonView<T>;
}

export function jsonPage<T extends object>(page: Page<T>): Page<JsonView<T>> {
  return { ...page, items: page.items.map(jsonView) };
}
