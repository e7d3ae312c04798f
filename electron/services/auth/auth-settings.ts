/**
 * Which app registration and tenant Flatkube signs in with on real Azure. Sources, later wins:
 * built-in default < `<dataDir>/settings.json` `{"azure": {"clientId", "tenantId"}}` <
 * FLATKUBE_CLIENT_ID / FLATKUBE_TENANT_ID. README.md in this folder explains how to register
 * your own app.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors';

/**
 * Flatkube's own multi-tenant public client registration. None is published yet, so there is no
 * default: a user must register one (README.md) until the project ships its id here. We never
 * borrow another tool's client id (docs/azure.md#sign-in).
 */
export const DEFAULT_AZURE_CLIENT_ID: string | undefined = undefined;
export const DEFAULT_TENANT = 'organizations';
export const SETTINGS_FILE_NAME = 'settings.json';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A tenant is a GUID, a verified domain, or one of Entra's aliases.
const tenantSchema = z.string().refine((t) => GUID.test(t) || /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(t) || ['organizations', 'common', 'consumers'].includes(t), {
  message: 'a tenant id (GUID), a domain such as contoso.onmicrosoft.com, or "organizations"',
});
const clientIdSchema = z.string().regex(GUID, 'an application (client) id GUID');

/** Whether `t` can name a tenant to sign in to (the CLI checks `--tenant` with the same rule). */
export function isTenantId(t: string): boolean {
  return tenantSchema.safeParse(t).success;
}

const settingsFileSchema = z.object({
  azure: z.object({ clientId: clientIdSchema.optional(), tenantId: tenantSchema.optional() }).optional(),
});

export interface AuthSettings {
  clientId?: string;
  tenantId: string;
  /** Where each value came from, for the UI and support. */
  source: { clientId: 'default' | 'settings' | 'env' | 'none'; tenantId: 'default' | 'settings' | 'env' };
}

export async function loadAuthSettings(opts: { dataDir?: string; env?: NodeJS.ProcessEnv }): Promise<AuthSettings> {
  const env = opts.env ?? process.env;
  let file: z.infer<typeof settingsFileSchema> = {};
  if (opts.dataDir) {
    const p = path.join(opts.dataDir, SETTINGS_FILE_NAME);
    let raw: string | undefined;
    try {
      raw = await readFile(p, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (raw !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new AppError('SETTINGS_INVALID', `${p} is not valid JSON`, { hint: 'Fix or delete the file; Flatkube recreates defaults.' });
      }
      const parsed = settingsFileSchema.safeParse(json);
      if (!parsed.success) {
        throw new AppError('SETTINGS_INVALID', `${p}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {
          hint: 'azure.clientId must be your app registration id; azure.tenantId a tenant id, domain or "organizations".',
        });
      }
      file = parsed.data;
    }
  }
  const out: AuthSettings = { tenantId: DEFAULT_TENANT, source: { clientId: 'none', tenantId: 'default' } };
  if (DEFAULT_AZURE_CLIENT_ID) {
    out.clientId = DEFAULT_AZURE_CLIENT_ID;
    out.source.clientId = 'default';
  }
  if (file.azure?.clientId) {
    out.clientId = file.azure.clientId;
    out.source.clientId = 'settings';
  }
  if (file.azure?.tenantId) {
    out.tenantId = file.azure.tenantId;
    out.source.tenantId = 'settings';
  }
  const envClient = env.FLATKUBE_CLIENT_ID?.trim();
  if (envClient) {
    const r = clientIdSchema.safeParse(envClient);
    if (!r.success) throw new AppError('SETTINGS_INVALID', 'FLATKUBE_CLIENT_ID is not an application (client) id GUID');
    out.clientId = envClient;
    out.source.clientId = 'env';
  }
  const envTenant = env.FLATKUBE_TENANT_ID?.trim();
  if (envTenant) {
    const r = tenantSchema.safeParse(envTenant);
    if (!r.success) throw new AppError('SETTINGS_INVALID', 'FLATKUBE_TENANT_ID is not a tenant id, domain or "organizations"');
    out.tenantId = envTenant;
    out.source.tenantId = 'env';
  }
  return out;
}
