import { z } from 'zod';

/**
 * Sign-in channels. Tokens never cross IPC: only account names, ids and tenant ids do.
 * An "account" is one MSAL account (one user in one home tenant) in the current environment.
 */

export const environmentKindSchema = z.enum(['sandbox', 'azure']);

export const accountSummarySchema = z.object({
  /** MSAL's homeAccountId: stable id to sign out or pick an account with. Not a secret. */
  id: z.string(),
  username: z.string(),
  name: z.string().optional(),
  homeTenantId: z.string(),
});
export type AccountSummary = z.infer<typeof accountSummarySchema>;

export const authStatusSchema = z.object({
  environment: environmentKindSchema,
  /** What the UI shows next to the environment, e.g. "Flatkube sandbox (simulated Azure)". */
  environmentLabel: z.string(),
  accounts: z.array(accountSummarySchema),
  /** Whether sign-ins survive a restart; when not, `reason` says why (e.g. Linux basic_text). */
  persistence: z.object({ persistent: z.boolean(), reason: z.string().optional() }),
  /** The app registration in use and the tenant it signs in to ('organizations' by default). */
  clientId: z.string().optional(),
  tenant: z.string(),
  /** Set when real Azure cannot be used yet (no client id configured), with what to do. */
  azureUnavailableReason: z.string().optional(),
});
export type AuthStatus = z.infer<typeof authStatusSchema>;

export const deviceCodePromptSchema = z.object({
  userCode: z.string(),
  verificationUri: z.string(),
  /** Entra's own sentence ("To sign in, use a web browser to open ..."). */
  message: z.string(),
  expiresAt: z.number(),
});
export type DeviceCodePrompt = z.infer<typeof deviceCodePromptSchema>;

export const authChannels = {
  'auth.status': { input: z.undefined(), output: authStatusSchema },
  /** Browser: system browser + loopback redirect + PKCE. Device code: the prompt arrives as an `auth.deviceCode` event. */
  'auth.signIn': { input: z.object({ method: z.enum(['browser', 'deviceCode']) }), output: accountSummarySchema },
  'auth.cancelSignIn': { input: z.undefined(), output: z.object({ cancelled: z.boolean() }) },
  'auth.signOut': { input: z.object({ accountId: z.string().min(1).max(300) }), output: authStatusSchema },
  /** Switch to the embedded sandbox (started on first use; signs in a sandbox user when none is). */
  'auth.useSandbox': { input: z.undefined(), output: authStatusSchema },
  'auth.useAzure': { input: z.undefined(), output: authStatusSchema },
};

export const authEvents = {
  'auth.deviceCode': deviceCodePromptSchema,
};
