/**
 * Fault rules: the JSON accepted by `--faults FILE` and `POST /_sandbox/faults`.
 *
 * { "seed": 7, "rules": [ { "kind": "throttle", "method": "PUT", "path": "/resourceGroups/[^/]+$",
 *   "nth": 2, "count": 1, "retryAfterSeconds": 2 } ] }
 *
 * A rule matches a call when its kind is the one asked for, `method` (if given) equals the call's
 * method (case-insensitive) and `path` (if given) is a case-insensitive regex found in the path.
 * Among matching calls, counted per rule from 1:
 *  - `nth` (default 1): the first call that fires; with `count` (default 1) consecutive ones.
 *  - `rate` (0..1): instead of nth, each matching call fires with this probability, drawn from a
 *    seeded RNG (`seed`, default 1) so a run is reproducible; `count` caps the total if given.
 */
import { z } from 'zod';

export const faultKindSchema = z.enum(['throttle', 'server-error', 'operation-failed', 'vm-provisioning-failed', 'ssh-drop', 'download-corrupted']);

export const faultRuleSchema = z
  .object({
    id: z.string().min(1).optional(),
    kind: faultKindSchema,
    method: z.string().min(1).optional(),
    path: z.string().min(1).optional(),
    nth: z.number().int().min(1).optional(),
    count: z.number().int().min(1).optional(),
    rate: z.number().min(0).max(1).optional(),
    status: z.number().int().min(400).max(599).optional(),
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    code: z.string().min(1).optional(),
    message: z.string().min(1).optional(),
    afterMs: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((r) => !(r.rate !== undefined && r.nth !== undefined), { message: 'a rule has either nth or rate, not both' })
  .refine((r) => r.path === undefined || isValidRegex(r.path), { message: 'path is not a valid regular expression' });

export const faultFileSchema = z
  .object({
    seed: z.number().int().optional(),
    rules: z.array(faultRuleSchema),
  })
  .strict();

export type FaultRule = z.infer<typeof faultRuleSchema>;
export type FaultFile = z.infer<typeof faultFileSchema>;

function isValidRegex(s: string): boolean {
  try {
    new RegExp(s, 'i');
    return true;
  } catch {
    return false;
  }
}

/** Parses and validates; throws an Error with a one-line message naming the bad field. */
export function parseFaultFile(json: unknown): FaultFile {
  const r = faultFileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`invalid faults: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown error'}`);
  }
  return r.data;
}
