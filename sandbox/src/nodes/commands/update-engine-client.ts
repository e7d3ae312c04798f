// update_engine_client: Flatcar's client of update-engine (flatcar/update_engine
// src/update_engine/update_engine_client.cc). `-status` prints the five KEY=value lines;
// `-check_for_update` asks for a check (here: against the release the sandbox announced,
// update-engine.ts) and returns at once, as the real one does without `-update`.
import type { CommandFn } from '../command-types';
import { checkForUpdate, statusText } from '../update-engine';

export const updateEngineClient: CommandFn = async (args, ctx) => {
  const flags = new Set(args.map((a) => a.replace(/^--?/, '').replace(/=.*$/, '')));
  const unit = ctx.node.unit('update-engine.service');
  if (!unit || unit.masked || unit.active !== 'active') {
    // GetProxy finds no owner of the D-Bus name when the service is not running.
    ctx.io.stderr('E1206 00:00:00.000000  1042 update_engine_client.cc:76] Giving up -- unable to get dbus proxy for com.coreos.update1\n');
    return 1;
  }
  if (flags.has('status')) {
    ctx.io.stdout(statusText(ctx.node));
    return 0;
  }
  if (flags.has('check_for_update') || flags.has('update')) {
    checkForUpdate(ctx.node, ctx.dir.flatcarRelease?.());
    if (flags.has('update')) ctx.io.stdout(statusText(ctx.node));
    return 0;
  }
  ctx.io.stderr('update_engine_client: give -status or -check_for_update\n');
  return 1;
};
