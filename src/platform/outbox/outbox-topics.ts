import type { TenantTransaction } from '../tenancy/index.js';

/** One committed outbox event, as a handler sees it. */
export interface OutboxEvent {
  readonly id: string;
  readonly tenantId: string;
  readonly topic: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly createdAt: Date;
}

export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** What a handler may do: write in the event's tenant transaction and queue emails (sent after commit by the worker). */
export interface TopicHandlerContext {
  readonly tx: TenantTransaction;
  readonly event: OutboxEvent;
  queueEmail(email: OutgoingEmail): Promise<void>;
}

export type TopicHandler = (context: TopicHandlerContext) => Promise<void>;

const TOPIC = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/**
 * The topics the suite knows. A topic marked `webhook` is delivered to tenants' webhook endpoints;
 * every handler of a topic runs, once per event, in the transaction that marks the event done.
 */
export class OutboxTopics {
  readonly #handlers = new Map<string, TopicHandler[]>();
  readonly #webhookTopics = new Set<string>();

  /** Declares a topic that tenants may receive as webhooks. */
  declareWebhookTopic(topic: string): void {
    this.#check(topic);
    this.#webhookTopics.add(topic);
  }

  /** Subscribes a handler to a topic (several may subscribe). */
  onTopic(topic: string, handler: TopicHandler): void {
    this.#check(topic);
    this.#handlers.set(topic, [...(this.#handlers.get(topic) ?? []), handler]);
  }

  handlersOf(topic: string): readonly TopicHandler[] {
    return this.#handlers.get(topic) ?? [];
  }

  isWebhookTopic(topic: string): boolean {
    return this.#webhookTopics.has(topic);
  }

  webhookTopics(): string[] {
    return [...this.#webhookTopics].sort();
  }

  #check(topic: string): void {
    if (!TOPIC.test(topic) || topic.length > 100) throw new Error(`Topic "${topic}" must be dot-separated lower-case words`);
  }
}
