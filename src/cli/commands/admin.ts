import type { Command } from 'commander';
import {
  grantPlatformGroup,
  listPlatformGroupMembers,
  parsePlatformGroup,
  PlatformGroupError,
  revokePlatformGroup,
} from '../../identity/platform-groups/index.js';
import { GROUP_PERMISSIONS, PLATFORM_GROUPS } from '../../platform/access/platform-permissions.js';
import { OperatorError } from '../operator-error.js';
import { withPlatform } from '../with-platform.js';

export function registerAdminCommands(program: Command): void {
  const admin = program
    .command('admin')
    .description(`Platform-permission groups (${PLATFORM_GROUPS.join(', ')}); every change is audited (see docs/operations/audit.md)`);

  admin
    .command('grant <email> <group>')
    .description('Add a user to a platform group (the first super-admin is made this way)')
    .action((email: string, group: string) =>
      asOperator(async (platform) => {
        const outcome = await grantPlatformGroup(platform.identityDb, platform.clock, email, parsePlatformGroup(group));
        console.log(outcome.changed ? `${email} is now in ${group.toUpperCase()}; their next session token carries it (within 10 minutes).` : `${email} was already in ${group.toUpperCase()}.`);
      }),
    );

  admin
    .command('revoke <email> <group>')
    .description('Remove a user from a platform group (their current token keeps it until it expires, at most 10 minutes)')
    .action((email: string, group: string) =>
      asOperator(async (platform) => {
        const outcome = await revokePlatformGroup(platform.identityDb, platform.clock, email, parsePlatformGroup(group));
        console.log(outcome.changed ? `${email} removed from ${group.toUpperCase()}.` : `${email} was not in ${group.toUpperCase()}.`);
      }),
    );

  admin
    .command('list')
    .description('List the members of every platform group and what each group may do')
    .action(() =>
      asOperator(async (platform) => {
        const members = await listPlatformGroupMembers(platform.identityDb);
        for (const group of PLATFORM_GROUPS) {
          console.log(`${group} (${GROUP_PERMISSIONS[group].join(', ')})`);
          const inGroup = members.filter((member) => member.group === group);
          if (inGroup.length === 0) console.log('  (nobody)');
          for (const member of inGroup) console.log(`  ${member.email}  ${member.userId}  since ${member.grantedAt.toISOString()} by ${member.grantedBy}`);
        }
      }),
    );
}

function asOperator(work: Parameters<typeof withPlatform>[0]): Promise<void> {
  return withPlatform(work).catch((error: unknown) => {
    throw error instanceof PlatformGroupError ? new OperatorError(error.message) : error;
  });
}
