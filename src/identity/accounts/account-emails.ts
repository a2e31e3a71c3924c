import type { MailMessage } from '../../platform/mail/mailer.js';

/**
 * The texts of identity's emails. Links are built from the configured public URL only: a Host
 * header never reaches here, so a poisoned request cannot point a reset link at another site.
 */
export function verificationEmail(publicUrl: string, to: string, token: string): MailMessage {
  const link = `${publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
  return {
    to,
    subject: 'Confirm your email address for bsns',
    text: `Welcome to bsns.\n\nConfirm your email address by opening this link within 48 hours:\n\n${link}\n\nIf you did not sign up, ignore this message.\n`,
  };
}

export function alreadyRegisteredEmail(publicUrl: string, to: string): MailMessage {
  return {
    to,
    subject: 'Someone tried to sign up to bsns with your address',
    text: `Someone, perhaps you, tried to create a bsns account with this address, which already has one.\n\nSign in at ${publicUrl}/sign-in, or reset your password at ${publicUrl}/forgot-password.\n\nIf it was not you, no action is needed.\n`,
  };
}

export function passwordResetEmail(publicUrl: string, to: string, token: string): MailMessage {
  const link = `${publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
  return {
    to,
    subject: 'Reset your bsns password',
    text: `A password reset was requested for your bsns account.\n\nChoose a new password within 30 minutes:\n\n${link}\n\nIf you did not ask for this, ignore this message; your password is unchanged.\n`,
  };
}

export function invitationEmail(publicUrl: string, to: string, tenantName: string, role: string, token: string): MailMessage {
  const link = `${publicUrl}/invitations/accept?token=${encodeURIComponent(token)}`;
  return {
    to,
    subject: `You are invited to ${tenantName} on bsns`,
    text: `You have been invited to join ${tenantName} on bsns as ${role}.\n\nAccept within 7 days:\n\n${link}\n`,
  };
}

/** To the owner of an address another account tried to move to: the caller is told nothing different. */
export function addressInUseEmail(publicUrl: string, to: string): MailMessage {
  return {
    to,
    subject: 'Someone tried to use your address on bsns',
    text: `Someone, perhaps you, tried to change another bsns account's email to this address, which already has an account.\n\nNothing was changed. Sign in at ${publicUrl}/sign-in if you want to manage your account.\n\nIf it was not you, no action is needed.\n`,
  };
}

/** To the new address of a requested change: the link that confirms it, in the requesting account's session. */
export function emailChangeConfirmationEmail(publicUrl: string, to: string, token: string): MailMessage {
  const link = `${publicUrl}/account/email/confirm?token=${encodeURIComponent(token)}`;
  return {
    to,
    subject: 'Confirm the new email address of your bsns account',
    text: `Someone asked to make this address the sign-in address of their bsns account.\n\nIf it was you, open this link within 24 hours, signed in to that account:\n\n${link}\n\nIf it was not you, ignore this message: nothing changes unless the link is used in that account.\n`,
  };
}

/** To the current address when a change is requested, so a hijacked session cannot move an account quietly. */
export function emailChangeRequestedEmail(publicUrl: string, to: string, newEmail: string): MailMessage {
  return {
    to,
    subject: 'Someone asked to change the email address of your bsns account',
    text: `A change of the sign-in address of your bsns account at ${publicUrl} to ${newEmail} was requested.\n\nNothing changes until the new address confirms it; until then you keep signing in with this address.\n\nIf you did not ask for this, sign in, change your password and sign out your other sessions.\n`,
  };
}

/** To the old address after an email change, so a hijacked session cannot move an account quietly. */
export function emailChangedEmail(publicUrl: string, to: string): MailMessage {
  return {
    to,
    subject: 'The email address of your bsns account was changed',
    text: `The email address of your bsns account at ${publicUrl} was changed from this address to a new one.\n\nIf you did not do this, someone else may be using your account: contact your tenant's administrator.\n`,
  };
}
