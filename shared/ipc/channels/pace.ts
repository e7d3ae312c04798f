import { z } from 'zod';

/**
 * Pace control in the sandbox (a trainer's pace): the speed of the sandbox's simulated delays
 * and a pause at the engine's step boundaries (electron/services/cluster/engine/pace-gate.ts).
 * Pausing holds the WORK: a step that is ready does not start until Step or Resume; steps
 * already running finish. Offered only while the session is the sandbox.
 */

/** The speeds offered: the divisor of the sandbox's Azure-like delays (1 = about Azure's pace). */
export const PACE_MIN_SPEED = 1;
export const PACE_MAX_SPEED = 10;

export const paceWaiterSchema = z.object({
  cluster: z.string(),
  stepId: z.string(),
  title: z.string(),
});

/** The gate's part, also sent as the `pace.changed` event after every change. */
export const paceGateSchema = z.object({
  paused: z.boolean(),
  /** Steps ready to start and held by the pause, oldest first ("paused before <title>"). */
  waiting: z.array(paceWaiterSchema),
});

export const paceStateSchema = paceGateSchema.extend({
  /** False outside the sandbox: the controls are not shown and pace.set refuses. */
  available: z.boolean(),
  /** The sandbox's speed; null until the sandbox has started. */
  speed: z.number().nullable(),
  /** `instant` (tests): every delay is 0 whatever the speed. */
  profile: z.enum(['instant', 'realistic']).nullable(),
});
export type PaceState = z.infer<typeof paceStateSchema>;
export type PaceWaiter = z.infer<typeof paceWaiterSchema>;

export const paceChannels = {
  'pace.get': { input: z.undefined(), output: paceStateSchema },
  'pace.set': {
    input: z.object({ speed: z.number().min(PACE_MIN_SPEED).max(PACE_MAX_SPEED).optional(), paused: z.boolean().optional() }),
    output: paceStateSchema,
  },
  /** While paused: lets exactly one step start (the one waiting longest, or the next to be ready). */
  'pace.step': { input: z.undefined(), output: paceStateSchema },
};

export const paceEvents = {
  'pace.changed': paceGateSchema,
};
