import { randomBytes } from 'node:crypto';

export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

/** Master keys by id; the first one encrypts, every one decrypts (so rotation needs no downtime). */
export interface Keyring {
  readonly active: MasterKey;
  readonly byId: ReadonlyMap<string, MasterKey>;
}

const KEY_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Parses `id:base64url,id2:base64url` (the `BSNS_MASTER_KEYS` format). Throws with a reason. */
export function parseKeyring(spec: string): Keyring {
  const keys = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part): MasterKey => {
      const [id, encoded, extra] = part.split(':');
      if (!id || !encoded || extra !== undefined || !KEY_ID.test(id)) throw new Error('each key must be written id:base64url with a short lower-case id');
      const key = Buffer.from(encoded, 'base64url');
      if (key.length !== 32) throw new Error(`key ${id} must be 32 bytes (256 bits), got ${key.length}`);
      return { id, key };
    });
  if (keys.length === 0) throw new Error('at least one key is needed');
  const byId = new Map(keys.map((key) => [key.id, key]));
  if (byId.size !== keys.length) throw new Error('key ids must be unique');
  return { active: keys[0]!, byId };
}

/** A new 256-bit key from the CSPRNG, in the `BSNS_MASTER_KEYS` format. */
export function generateKeySpec(id: string): string {
  return `${id}:${randomBytes(32).toString('base64url')}`;
}
