/**
 * The sandbox's Entra ID directory: one tenant, a few users, Flatkube's public client.
 * Everything here is simulated and labelled so; none of it is a real Azure identity.
 */

/** The sandbox tenant (fixed so a restarted sandbox and saved kubeconfigs keep matching). */
export const SANDBOX_TENANT_ID = '5a4db0c5-f1a7-4c0b-9e3d-5a4db0c5f1a7';
export const SANDBOX_TENANT_DOMAIN = 'sandbox.flatkube.local';
/** The default sandbox subscription, and a second one (tests of subscription choice). */
export const SANDBOX_SUBSCRIPTION_ID = '0fa7c0be-5a4d-4b0c-8e11-f1a7c0be5a4d';
export const SANDBOX_SECOND_SUBSCRIPTION_ID = '1fa7c0be-5a4d-4b0c-8e11-f1a7c0be5a4e';
/** Flatkube's public client id as the sandbox knows it. */
export const SANDBOX_CLIENT_ID = 'f1a7c0be-0000-4000-8000-00000000f1a7';
/**
 * The resource (audience) of sandbox ARM tokens; scope `${SANDBOX_ARM_AUDIENCE}.default`.
 * A distinct name so a sandbox token can never be mistaken for a real ARM one and vice versa.
 */
export const SANDBOX_ARM_AUDIENCE = 'https://management.sandbox.flatkube.local/';
export const SANDBOX_ARM_SCOPE = `${SANDBOX_ARM_AUDIENCE}.default`;

export interface SandboxUser {
  oid: string;
  upn: string;
  name: string;
}

export const SANDBOX_USERS: readonly SandboxUser[] = [
  { oid: '0a0da000-0000-4000-8000-00000000ada0', upn: `ada@${SANDBOX_TENANT_DOMAIN}`, name: 'Ada Lovelace (sandbox)' },
  { oid: '06ace000-0000-4000-8000-000000006ace', upn: `grace@${SANDBOX_TENANT_DOMAIN}`, name: 'Grace Hopper (sandbox)' },
];

/**
 * The password of every sandbox user for the password grant. Public on purpose: the sandbox is a
 * local training emulator and these users exist nowhere else.
 */
export const SANDBOX_USER_PASSWORD = 'sandbox';

export function findUser(idOrUpn: string): SandboxUser | undefined {
  const k = idOrUpn.toLowerCase();
  return SANDBOX_USERS.find((u) => u.oid === k || u.upn.toLowerCase() === k);
}
