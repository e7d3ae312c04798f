import { z } from 'zod';

/**
 * Classroom exercises, offered only while the session is the sandbox (the backend refuses them
 * otherwise): "Break something" injects one of the faults the sandbox knows, so a trainer can
 * show the failure catalogue's diagnosis live; "Reset classroom" tears down every sandbox cluster,
 * one after another. The main process calls the sandbox's API; the renderer never does.
 */

export const exerciseIdSchema = z.enum(['throttling', 'failed-vm', 'corrupted-download', 'dropped-ssh']);
export type ExerciseId = z.infer<typeof exerciseIdSchema>;

export const exerciseSchema = z.object({
  id: exerciseIdSchema,
  title: z.string(),
  /** What the attendees will see, in plain words. */
  expect: z.string(),
});
export type Exercise = z.infer<typeof exerciseSchema>;

export const sandboxJournalEntrySchema = z.object({
  seq: z.number().int(),
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  durationMs: z.number(),
  fault: z.string().optional(),
});
export type SandboxJournalEntry = z.infer<typeof sandboxJournalEntrySchema>;

export const resetProgressSchema = z.object({
  cluster: z.string(),
  state: z.enum(['destroying', 'destroyed', 'failed']),
  index: z.number().int(),
  total: z.number().int(),
  leftovers: z.array(z.string()).optional(),
  error: z.string().optional(),
});
export type ResetProgress = z.infer<typeof resetProgressSchema>;

export const resetResultSchema = z.object({
  destroyed: z.array(z.string()),
  failed: z.array(z.object({ cluster: z.string(), error: z.string() })),
  /** Resources still tagged for a destroyed cluster, by cluster. */
  leftovers: z.record(z.string(), z.array(z.string())),
  /** A cluster name no record uses, for the fresh wizard draft. */
  freshName: z.string(),
});
export type ResetResult = z.infer<typeof resetResultSchema>;

const clusterName = z.string().min(1).max(100);

export const sandboxChannels = {
  /** The exercises "Break something" offers (refused outside the sandbox). */
  'sandbox.exercises': { input: z.undefined(), output: z.array(exerciseSchema) },
  /** Injects an exercise's fault, aimed at one cluster's resources when named. */
  'sandbox.breakSomething': { input: z.object({ exercise: exerciseIdSchema, cluster: clusterName.optional() }), output: z.object({ faultIds: z.array(z.string()) }) },
  /** Tears down every sandbox cluster (the destroy operation, one after another) and clears the faults. */
  'sandbox.resetClassroom': { input: z.undefined(), output: resetResultSchema },
  /** The sandbox's own request journal since a sequence number (to compare with the app's record). */
  'sandbox.journal': { input: z.object({ since: z.number().int().min(0).optional() }), output: z.array(sandboxJournalEntrySchema) },
};

export const sandboxEvents = {
  'sandbox.resetProgress': resetProgressSchema,
};
