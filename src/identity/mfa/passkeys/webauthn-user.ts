import { COSEALG } from '@simplewebauthn/server/helpers';

/** ES256 first (every platform authenticator), then EdDSA, then RS256 (Windows Hello). */
export const PASSKEY_ALGORITHMS: number[] = [COSEALG.ES256, COSEALG.EdDSA, COSEALG.RS256];

/**
 * The WebAuthn user handle: the user id's 16 bytes. It is opaque and carries no personal data,
 * as the spec asks, and a discoverable credential returns it so the handle can be cross-checked.
 */
export function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replace(/-/g, ''), 'hex'));
}

export function userHandleBase64url(userId: string): string {
  return Buffer.from(userHandleOf(userId)).toString('base64url');
}
