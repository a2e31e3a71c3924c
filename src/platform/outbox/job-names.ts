/** The graphile-worker task names of one suite (see BSNS_JOB_NAMESPACE). */
export function jobNames(namespace: string) {
  return {
    dispatch: `${namespace}.outbox_dispatch`,
    email: `${namespace}.outbox_email`,
    webhook: `${namespace}.webhook_delivery`,
  } as const;
}
export type JobNames = ReturnType<typeof jobNames>;

/** Webhook deliveries retry with graphile-worker's exponential backoff (e^attempt seconds, ~8.5 hours in all). */
export const WEBHOOK_MAX_ATTEMPTS = 10;
export const EMAIL_MAX_ATTEMPTS = 10;
