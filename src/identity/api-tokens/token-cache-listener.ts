import { NotificationListener } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logging/logger.js';
import type { TokenCache } from './token-cache.js';

/** The channel migration 0021's triggers notify on. */
export const TOKEN_CACHE_CHANNEL = 'bsns_token_cache';

/**
 * Keeps one process's token cache honest: the cache opens (flushed) once LISTEN is in place,
 * drops what each message names, and closes (flushed) the moment the connection is lost, until
 * a new one has LISTENed. `sync` is what confirms a hit (see NotificationListener).
 */
export function createTokenCacheListener(options: { connectionString: string; cache: TokenCache; logger: Logger }): NotificationListener {
  const { cache, logger } = options;
  return new NotificationListener({
    connectionString: options.connectionString,
    channel: TOKEN_CACHE_CHANNEL,
    applicationName: 'bsns-token-cache',
    logger,
    onListening: () => cache.open(),
    onLost: () => {
      if (cache.usable) logger.warn('token cache closed: tokens are read from the database until its listener is back');
      cache.close();
    },
    onMessage: (payload) => cache.invalidate(payload),
  });
}
