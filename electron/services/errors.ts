import type { IpcError } from '../../shared/ipc/result';

/**
 * Every code a service error can carry, in one place, with what it means. The code travels in the
 * IPC error envelope (`{code, message, hint?, azureCode?}`), so the renderer, the CLI and tests
 * may rely on it: add a code here before raising it, and never reuse one for another meaning.
 * Azure's own error codes (AuthorizationFailed, ...) are not listed: they travel as `azureCode`.
 * The IPC layer's own codes are `IpcErrorCode` (shared/ipc/result.ts); preflight findings have
 * their codes in their own contract (`PreflightFinding.code`).
 */
export const ERROR_CODES = {
  // Anywhere
  CANCELLED: 'the caller aborted the operation (its AbortSignal fired)',
  SESSION_CLOSED: 'the app is shutting down; its Azure sessions are closed',
  SETTINGS_INVALID: 'settings.json or a FLATKUBE_* variable holds a value that is not valid',

  // Signing in (auth/, session/)
  AUTH_ACCOUNT_UNKNOWN: 'the account named is not signed in (any more)',
  AUTH_AUTOMATION_SANDBOX_ONLY: 'the password sign-in of a sandbox user was asked for outside the sandbox',
  AUTH_AZURE_CLI_SESSION: 'a Flatkube sign-in was asked for while the session uses the Azure CLI sign-in',
  AUTH_CANCELLED: 'the user cancelled a sign-in',
  AUTH_CLIENT_ID_MISSING: 'Microsoft sign-in needs an app registration (client id) and none is configured',
  AUTH_EXPIRED: 'a sign-in was not completed in time',
  AUTH_FAILED: 'Entra ID refused or did not complete a sign-in',
  AUTH_IN_PROGRESS: 'a sign-in is already running',
  AUTH_INTERACTION_REQUIRED: 'the cached sign-in cannot get a token silently; the user must sign in again',
  AUTH_NO_BROWSER: 'this shell cannot open a browser for sign-in',
  AUTH_TOKEN_FAILED: 'getting a token failed for another reason',
  AZ_CLI_CLAIMS: 'the Azure CLI needs a fresh sign-in for a conditional access policy',
  AZ_CLI_EXPIRED: 'the Azure CLI sign-in has expired',
  AZ_CLI_FAILED: 'az failed in a way not listed here; the message quotes it',
  AZ_CLI_MISSING: 'az is not installed (or not on PATH)',
  AZ_CLI_OTHER_CLOUD: 'the Azure CLI is signed in to another cloud than the one Flatkube talks to',
  AZ_CLI_SIGNED_OUT: 'the Azure CLI is not signed in',
  AZ_CLI_SIGN_IN_AGAIN: 'the Azure CLI asks for its sign-in to be repeated',
  AZ_CLI_TENANT: 'the Azure CLI sign-in cannot get a token for a tenant',
  AZ_CLI_TIMEOUT: 'az did not answer in time',

  // Azure and the other HTTPS services Flatkube reads (azure/)
  AZURE_FORBIDDEN: 'Azure answered AuthorizationFailed: the account lacks a role',
  AZURE_NOT_FOUND: 'Azure answered 404',
  AZURE_REQUEST_FAILED: 'Azure answered another error; `azureCode` carries its code when it sent one',
  AZURE_SUBSCRIPTION_UNKNOWN: 'no signed-in account can see the subscription',
  AZURE_UNREACHABLE: 'Azure could not be reached (network, DNS, proxy)',
  HTTP_INVALID_JSON: 'an HTTPS service answered something that is not JSON',
  HTTP_STATUS: 'an HTTPS service answered a status other than 200',
  HTTP_TIMEOUT: 'an HTTPS service did not answer in time',
  PRICES_BAD_LINK: 'the Retail Prices API sent a next-page link to another host',
  PUBLIC_IP_INVALID: 'the address given is not a public IPv4 address',
  PUBLIC_IP_UNKNOWN: 'the public IP address could not be detected',
  SANDBOX_UNAVAILABLE: 'the sandbox started without saying which users it has',
  PACE_SANDBOX_ONLY: 'pace control (speed, pause, step) was asked for while the session is real Azure',
  SANDBOX_NODE_UNKNOWN: 'no simulated node answers for a public IP of the sandbox (yet)',
  SANDBOX_FRONTEND_UNKNOWN: 'no load balancer frontend of the sandbox forwards that public IP and port (yet)',
  SANDBOX_NOT_USED: 'a real-Azure command was asked to start the sandbox',
  SANDBOX_ONLY: 'a classroom exercise (Break something, Reset classroom) was asked for while the session is real Azure',
  TERMS_IMAGE_UNKNOWN: 'marketplace terms were asked for an image that is not a Flatcar plan image',

  // Clusters (cluster/, backend/)
  CLUSTER_BUSY: 'a deployment of the cluster is already running',
  CLUSTER_LOCKED: "another operation holds the cluster's lock file (this or another process, maybe on another host)",
  CLUSTER_SPEC_CHANGED: 'create was asked for an existing cluster with a different spec (apply changes a cluster)',
  CLUSTER_UPGRADE_REFUSED: 'the Kubernetes version asked for is not one this cluster can upgrade to (not newer, a minor skipped, or not in the sysext bakery)',
  CLUSTER_CHANGE_UNSUPPORTED: 'apply was asked to change something an existing cluster cannot change (yet)',
  CLUSTER_ENVIRONMENT_MISMATCH: 'the cluster lives in the other environment (sandbox or real Azure)',
  CLUSTER_RECORD_DAMAGED: "the cluster's record on disk cannot be read",
  CLUSTER_GONE: 'the cluster is deleted or being deleted',
  CLUSTER_KEYS_MISSING: 'no SSH keys are stored for the cluster',
  SSH_USER_KEY_MISSING: 'the key pair Flatkube generated for the user is not in the data folder (any more)',
  CLUSTER_NODE_NO_ADDRESS: 'the node has no public IP address',
  CLUSTER_NODE_UNKNOWN: 'the cluster has no node of that name',
  CLUSTER_NOT_CONNECTED: 'no Azure environment is connected',
  CLUSTER_SPEC_INVALID: 'the cluster spec does not validate',
  CLUSTER_STEP_FAILED: 'a deployment step failed (StepError); the executor records message, hint and azureCode',
  CLUSTER_TEARDOWN_FAILED: 'tearing the cluster down failed',
  HOST_KEY_ANNOUNCEMENT_REFUSED: "the host key on the node's serial console is not one Flatkube accepts",
  HOST_KEY_NOT_ANNOUNCED: "the node's serial console showed no host key in time",
  K8S_SYSEXT_CHECKSUM_UNAVAILABLE: "the Kubernetes sysext's sha256 could not be read from the bakery (SysextChecksumError)",
} as const;

export type AppErrorCode = keyof typeof ERROR_CODES;

/**
 * An error a service raises on purpose: it carries a stable code, a message a newcomer can read
 * and, where we know one, a one-line fix. The IPC registry turns it into the error envelope as is;
 * any other thrown value becomes IPC_HANDLER_FAILED with its message.
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly hint?: string;
  readonly azureCode?: string;

  constructor(code: AppErrorCode, message: string, opts: { hint?: string; azureCode?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    if (opts.hint !== undefined) this.hint = opts.hint;
    if (opts.azureCode !== undefined) this.azureCode = opts.azureCode;
  }

  toIpcError(): IpcError {
    const out: IpcError = { code: this.code, message: this.message };
    if (this.hint !== undefined) out.hint = this.hint;
    if (this.azureCode !== undefined) out.azureCode = this.azureCode;
    return out;
  }
}
