/**
 * Where a session stands with multi-factor authentication (control 14):
 * - `satisfied`: a second factor (or a user-verifying passkey) was proven in this session;
 * - `required`: the user has a factor and must prove it before any app launches;
 * - `grace`: no factor yet, inside the enrolment grace window: apps may launch;
 * - `enroll`: no factor and the grace window is over: the user must enrol first.
 */
export type MfaStatus = 'satisfied' | 'required' | 'grace' | 'enroll';

export interface MfaFacts {
  readonly hasSecondFactor: boolean;
  readonly mfaVerifiedAt: Date | null;
  readonly graceUntil: Date;
  readonly now: Date;
}

export function mfaStatus(facts: MfaFacts): MfaStatus {
  if (facts.mfaVerifiedAt) return 'satisfied';
  if (facts.hasSecondFactor) return 'required';
  return facts.now < facts.graceUntil ? 'grace' : 'enroll';
}

/**
 * Whether a session may use the apps now. The grace end is re-checked at use, since a token
 * issued inside the window can outlive it.
 */
export function mfaAllowsAppAccess(status: MfaStatus, graceUntil: Date, now: Date): boolean {
  return status === 'satisfied' || (status === 'grace' && now < graceUntil);
}
