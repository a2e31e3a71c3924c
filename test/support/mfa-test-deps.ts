import { ManualClock } from '../../src/platform/clock.js';
import type { MfaDeps } from '../../src/identity/mfa/index.js';
import type { Platform } from '../../src/platform/open-platform.js';

export const TEST_RP = { id: 'id.bsns.test', name: 'bsns test', origin: 'https://id.bsns.test' } as const;

/** Factor dependencies over the test platform's identity database and keyring, with a clock the test moves by hand. */
export function testMfaDeps(platform: Platform, start = new Date('2031-03-04T05:06:07Z')): MfaDeps & { clock: ManualClock } {
  return { db: platform.identityDb, keyring: platform.keyring, clock: new ManualClock(start), rp: TEST_RP };
}
