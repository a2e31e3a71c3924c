export {
  grantPlatformGroup,
  listPlatformGroupMembers,
  parsePlatformGroup,
  platformPermissionsOf,
  PlatformGroupError,
  revokePlatformGroup,
} from './platform-group-members.js';
export type { GroupMember } from './platform-group-members.js';
