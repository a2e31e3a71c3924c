import { configFromProcess } from '../config/index.js';
import { createLogger } from '../platform/logging/logger.js';
import { openPlatform, type Platform } from '../platform/open-platform.js';

/** Opens the kernel from the process environment for one command, and closes it after. */
export async function withPlatform(work: (platform: Platform) => Promise<void>): Promise<void> {
  const config = configFromProcess();
  const platform = await openPlatform(config, createLogger('warn'));
  try {
    await work(platform);
  } finally {
    await platform.close();
  }
}
