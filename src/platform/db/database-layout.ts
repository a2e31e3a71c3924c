/** Names of the two databases and four roles of one installation. */
export interface DatabaseLayout {
  readonly identityDatabase: string;
  readonly businessDatabase: string;
  readonly identityOwnerRole: string;
  readonly identityAppRole: string;
  readonly businessOwnerRole: string;
  readonly businessAppRole: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,40}$/;

/** The layout for a name prefix (`bsns` by default; tests use a unique one per run). */
export function databaseLayout(prefix = 'bsns'): DatabaseLayout {
  if (!IDENTIFIER.test(prefix)) throw new Error(`Invalid database prefix "${prefix}": use lower-case letters, digits and _`);
  return {
    identityDatabase: `${prefix}_identity`,
    businessDatabase: `${prefix}_business`,
    identityOwnerRole: `${prefix}_identity_owner`,
    identityAppRole: `${prefix}_identity_app`,
    businessOwnerRole: `${prefix}_business_owner`,
    businessAppRole: `${prefix}_business_app`,
  };
}
