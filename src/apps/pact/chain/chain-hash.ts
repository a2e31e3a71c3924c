import { createHash } from 'node:crypto';
import { writeField } from '../../../platform/audit/audit-hash.js';

export const PACT_CHAIN_EVENT_TYPES = ['created', 'sent', 'viewed', 'signed', 'declined', 'completed', 'voided'] as const;
export type PactChainEventType = (typeof PACT_CHAIN_EVENT_TYPES)[number];
export type PactPayload = Readonly<Record<string, string | number | boolean | null>>;

export interface PactChainEntry {
  readonly seq: number;
  readonly prevHash: string;
  readonly type: PactChainEventType;
  readonly envelopeId: string;
  readonly payloadDigest: string;
  readonly at: Date;
  readonly hash: string;
}

/** The hash before the first entry. */
export const PACT_GENESIS_HASH = '0'.repeat(64);

const ENTRY_DOMAIN = Buffer.from('bsns-pact-chain-v1\0', 'utf8');
const PAYLOAD_DOMAIN = Buffer.from('bsns-pact-payload-v1\0', 'utf8');

/**
 * An entry's hash: SHA-256 over "bsns-pact-chain-v1" 0x00, then seq (decimal), prev_hash,
 * type, envelope id (lower case), payload digest and time (ISO 8601, UTC, milliseconds), each
 * length-prefixed as the platform audit log encodes its fields (docs/operations/pact.md).
 */
export function pactEntryHash(entry: Omit<PactChainEntry, 'hash'>): string {
  const hash = createHash('sha256').update(ENTRY_DOMAIN);
  for (const field of [String(entry.seq), entry.prevHash, entry.type, entry.envelopeId.toLowerCase(), entry.payloadDigest, entry.at.toISOString()]) writeField(hash, field);
  return hash.digest('hex');
}

/**
 * The digest of an event's payload: its keys sorted, each key and value length-prefixed (a
 * value as its JSON text, so 1 and "1" differ). Only this digest is stored: anyone holding the
 * payload (a completed PDF's hash, for one) can recompute it and find it in the chain.
 */
export function pactPayloadDigest(payload: PactPayload): string {
  const hash = createHash('sha256').update(PAYLOAD_DOMAIN);
  for (const key of Object.keys(payload).sort()) {
    const value = payload[key];
    if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new TypeError(`Pact payload "${key}" must be a safe integer`);
    writeField(hash, key);
    writeField(hash, JSON.stringify(value ?? null));
  }
  return hash.digest('hex');
}
