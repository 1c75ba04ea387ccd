import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `jm_<id>_<secret>`: a 12-hex-digit public id (the row to look up) and 256 random bits. */
const KEY_FORMAT = /^jm_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** A freshly made key: the whole key (shown once), its id and the hash that is stored. */
export interface MintedApiKey {
  readonly id: string;
  readonly key: string;
  readonly secretHash: string;
}

/** SHA-256 (hex) of a whole key: what is stored, and what a presented key is compared by. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Makes a new high-entropy key; a fast hash suffices, since 256 random bits cannot be guessed. */
export function mintApiKey(): MintedApiKey {
  const id = randomBytes(6).toString('hex');
  const key = `jm_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, key, secretHash: hashApiKey(key) };
}

/** The id of a key in the stored-key format, or undefined for any other string. */
export const apiKeyIdOf = (key: string): string | undefined => KEY_FORMAT.exec(key)?.[1];

/** Whether `key` hashes to `secretHash`, compared in constant time. */
export function matchesHash(key: string, secretHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(secretHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
