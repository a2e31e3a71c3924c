// The pact chain: a per-tenant hash chain of envelope events, holding digests only (control 20).
export { appendPactChainEntry, lockPactChain } from './append-chain.js';
export { PACT_CHAIN_EVENT_TYPES, PACT_GENESIS_HASH, pactEntryHash, pactPayloadDigest } from './chain-hash.js';
export type { PactChainEntry, PactChainEventType, PactPayload } from './chain-hash.js';
export { checkPactCheckpoint, latestPactCheckpoint, makePactCheckpoint, pactCheckpointSignatureHolds } from './checkpoints.js';
export type { PactCheckpoint } from './checkpoints.js';
export { listPactChainEntries, readPactChainEntry } from './read-chain.js';
export { verifyPactChain } from './verify-chain.js';
export type { PactChainReport } from './verify-chain.js';
