export { decideSupportRequest } from './decide-support-request.js';
export { endImpersonation } from './end-impersonation.js';
export { listImpersonationActions, recordSupportAccessActions } from './impersonation-actions.js';
export type { ImpersonationAction } from './impersonation-actions.js';
export { findImpersonationEvent, listImpersonationEvents, MAX_IMPERSONATION_MINUTES } from './impersonation-events.js';
export type { ImpersonationEvent, ImpersonationStatus } from './impersonation-events.js';
export { startApprovedImpersonation, startImpersonation } from './start-impersonation.js';
export type { StartOutcome } from './start-impersonation.js';
export { setSupportAccessNeedsApproval, supportAccessNeedsApproval } from './support-access-setting.js';
