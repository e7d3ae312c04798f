// Flatcar's update-engine on a simulated node: it finds the release the sandbox announced, "downloads"
// it to the passive partition, asks for a reboot through /run/reboot-required, and the next boot
// runs the new version. What it does, with the sources:
// - update-engine downloads every update to the passive partition; "A reboot is the last step of
//   the update, where the active and passive partitions are swapped" (flatcar/flatcar-website
//   content/docs/latest/updates-releases/releases/update-strategies.md);
// - its states, as `update_engine_client -status` names them: UPDATE_STATUS_IDLE ... the one that
//   matters here UPDATE_STATUS_UPDATED_NEED_REBOOT ("update applied to inactive partition, this is
//   where the reboot manager comes in"; same page);
// - on success it writes the marker /var/run/update_engine_autoupdate_completed and sets
//   UPDATED_NEED_REBOOT (flatcar/update_engine src/update_engine/update_attempter.cc,
//   kUpdateCompletedMarker, ProcessingDone); a check while it waits for the reboot updates nothing
//   ("Not updating b/c we already updated and we're waiting for reboot");
// - it writes "the Ubuntu-compatible /run/reboot-required flag file for kured"
//   (flatcar-archive/coreos-overlay#1482, pulling flatcar-linux/update_engine#15).
// The real one checks about every hour; here a check runs when a release is announced and when a
// node boots, so an announced update reaches every node at once, whatever the pace.
import type { SimNode } from './sim-node';
import { compareFlatcarVersions, FLATCAR_VERSION, writeOsRelease } from './flatcar-os';

export const REBOOT_REQUIRED = '/run/reboot-required';
export const UPDATE_COMPLETED_MARKER = '/run/update_engine_autoupdate_completed';

export type UpdateStatus = 'UPDATE_STATUS_IDLE' | 'UPDATE_STATUS_UPDATED_NEED_REBOOT';

/** What update-engine remembers on a node (kept with the node's state). */
export interface UpdateEngineState {
  status: UpdateStatus;
  /** The version waiting on the passive partition (update_engine's NEW_VERSION; "0.0.0" when none). */
  newVersion: string;
  /** Unix seconds of the last check (LAST_CHECKED_TIME; 0 before the first). */
  lastChecked: number;
}

/** The Flatcar version the node runs (os-release's VERSION_ID). */
export function runningVersion(node: SimNode): string {
  return /^VERSION_ID=(.+)$/m.exec(node.fs.readText('/etc/os-release') ?? '')?.[1]?.trim() ?? FLATCAR_VERSION;
}

function stateOf(node: SimNode): UpdateEngineState {
  return node.state.updateEngine ?? { status: 'UPDATE_STATUS_IDLE', newVersion: '0.0.0', lastChecked: 0 };
}

/** `a` is a later release than `b` (4459.2.1 < 4459.2.10 < 4500.0.0). */
export function newerVersion(a: string, b: string): boolean {
  return compareFlatcarVersions(a, b) > 0;
}

function serviceRuns(node: SimNode): boolean {
  const u = node.unit('update-engine.service');
  return !!u && !u.masked && u.active === 'active';
}

/**
 * One update check against the announced release: a newer one is applied to the passive partition
 * and the node asks for a reboot. Returns true when it staged an update now.
 */
export function checkForUpdate(node: SimNode, release: string | undefined, now = new Date()): boolean {
  if (!serviceRuns(node)) return false;
  const s = stateOf(node);
  const checked = { ...s, lastChecked: Math.floor(now.getTime() / 1000) };
  if (s.status === 'UPDATE_STATUS_UPDATED_NEED_REBOOT' || !release || !newerVersion(release, runningVersion(node))) {
    node.state.updateEngine = checked;
    return false;
  }
  node.state.updateEngine = { ...checked, status: 'UPDATE_STATUS_UPDATED_NEED_REBOOT', newVersion: release };
  node.fs.writeFile(UPDATE_COMPLETED_MARKER, '', { mode: 0o644 });
  node.fs.writeFile(REBOOT_REQUIRED, '', { mode: 0o644 });
  node.journal('update-engine.service', 'update_engine[1042]', `Update successfully applied, waiting to reboot. (new version ${release})`);
  node.save();
  return true;
}

/**
 * At boot: a staged update becomes the running system (the partitions swapped), and /run, a
 * tmpfs, starts empty, so the reboot request and the marker are gone.
 */
export function bootIntoStagedUpdate(node: SimNode): void {
  const s = stateOf(node);
  if (s.status === 'UPDATE_STATUS_UPDATED_NEED_REBOOT') {
    writeOsRelease(node.fs, s.newVersion);
    node.journal('update-engine.service', 'update_engine[1042]', `Booted into Flatcar ${s.newVersion}`);
  }
  node.fs.remove(REBOOT_REQUIRED);
  node.fs.remove(UPDATE_COMPLETED_MARKER);
  node.state.updateEngine = { status: 'UPDATE_STATUS_IDLE', newVersion: '0.0.0', lastChecked: s.lastChecked };
}

/**
 * `update_engine_client -status`'s output (update_engine_client.cc GetStatus: five KEY=value lines).
 * PROGRESS is the download's and is reset once the download finished (update_attempter.cc
 * ActionCompleted), so it reads 0 while the update waits for the reboot.
 */
export function statusText(node: SimNode): string {
  const s = stateOf(node);
  const done = s.status === 'UPDATE_STATUS_UPDATED_NEED_REBOOT';
  return `LAST_CHECKED_TIME=${s.lastChecked}\nPROGRESS=0.000000\nCURRENT_OP=${s.status}\nNEW_VERSION=${s.newVersion}\nNEW_SIZE=${done ? 467_369_131 : 0}\n`;
}
