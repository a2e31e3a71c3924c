import type { ApiTokenView } from '../../api-tokens/index.js';
import { formatDateTime } from '../../../platform/pages/index.js';

/** What a token may do, when it ends and when it was last used: everything but its text. */
export function ApiTokenMeta({ token, now }: { token: ApiTokenView; now: Date }) {
  const ended = token.revokedAt ? `revoked ${formatDateTime(token.revokedAt)}` : token.expiresAt <= now ? `expired ${formatDateTime(token.expiresAt)}` : `expires ${formatDateTime(token.expiresAt)}`;
  const used = token.lastUsedAt ? `last used ${formatDateTime(token.lastUsedAt)}${token.lastUsedAddress ? ` from ${token.lastUsedAddress}` : ''}` : 'never used';
  return (
    <p class="item-meta">
      Scopes: {token.scopes.join(', ')} · created {formatDateTime(token.createdAt)} · {ended} · {used}
    </p>
  );
}

/** A token that can still be used, and so revoked. */
export function isLive(token: ApiTokenView, now: Date): boolean {
  return token.revokedAt === null && token.expiresAt > now;
}
