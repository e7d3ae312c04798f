import { z } from 'zod';

/**
 * Sign-in channels. Tokens never cross IPC: only account names, ids and tenant ids do.
 * An "account" is one MSAL account (one user in one home tenant) in the current environment.
 */

export const environmentKindSchema = z.enum(['sandbox', 'azure']);

/**
 * How Flatkube signs in: the built-in sandbox, the Azure CLI's own sign-in (`az login`, borrowed
 * through @azure/identity's AzureCliCredential: Flatkube stores nothing), or Microsoft sign-in
 * with MSAL and an app registration (FLATKUBE_CLIENT_ID; tokens in Flatkube's encrypted cache).
 */
export const signInMethodSchema = z.enum(['sandbox', 'azure-cli', 'msal']);
export type SignInMethod = z.infer<typeof signInMethodSchema>;

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
  /** How the current environment is signed in to (absent from older backends: MSAL or the sandbox). */
  method: signInMethodSchema.optional(),
});
export type AuthStatus = z.infer<typeof authStatusSchema>;

/** One way to sign in, as the Sign-in step offers it: whether it works on this machine, in plain words. */
export const signInChoiceSchema = z.object({
  method: signInMethodSchema,
  /** False when it cannot be used here (az missing or signed out, no app registration). */
  available: z.boolean(),
  /** One sentence: what it is, or why it cannot be used now. */
  detail: z.string(),
  /** The command that makes it work (e.g. `az login`), when one does. */
  command: z.string().optional(),
  /** A page that explains how (allow-listed https link), when there is one. */
  helpUrl: z.string().optional(),
  /** The Azure CLI's signed-in account (`az account show`): user, tenant and default subscription. */
  account: z
    .object({
      user: z.string(),
      tenantId: z.string(),
      subscriptionId: z.string().optional(),
      subscriptionName: z.string().optional(),
    })
    .optional(),
});
export type SignInChoice = z.infer<typeof signInChoiceSchema>;

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
  /** The ways to sign in on this machine (runs `az account show` in main, with a timeout). */
  'auth.choices': { input: z.undefined(), output: z.array(signInChoiceSchema) },
  /** Switch to real Azure through the Azure CLI's sign-in (`az login`); fails with az's reason and the command to run. */
  'auth.useAzureCli': { input: z.undefined(), output: authStatusSchema },
};

export const authEvents = {
  'auth.deviceCode': deviceCodePromptSchema,
};
