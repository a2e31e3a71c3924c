export { addJob } from './enqueue.js';
export type { EnqueueResult, OutboxMessage } from './enqueue.js';
export { idempotencyKeyOf, runIdempotent } from './idempotency.js';
export type { IdempotentResult } from './idempotency.js';
export { jobNames, WEBHOOK_MAX_ATTEMPTS } from './job-names.js';
export type { JobNames } from './job-names.js';
export { Outbox } from './outbox.js';
export { OutboxTopics } from './outbox-topics.js';
export type { OutboxEvent, OutgoingEmail, TopicHandler, TopicHandlerContext } from './outbox-topics.js';
