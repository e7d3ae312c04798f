// systemctl: is-active, status, start/restart/stop, enable/disable, daemon-reload.
// Units are simulated: starting kubelet before kubeadm wrote its config keeps
// it in the auto-restart loop, exactly what a real node shows.
import type { CommandContext, CommandFn } from '../command-types';
import { formatJournal } from '../sim-node';
import { mergeKubernetesSysext, SYSEXT_LINK, usableSysext } from '../flatcar-os';
import { kubeletStart, reportKubeletVersion } from './kubelet-lifecycle';

const DESCRIPTIONS: Record<string, string> = {
  'containerd.service': 'containerd container runtime',
  'kubelet.service': 'kubelet: The Kubernetes Node Agent',
  'sshd.service': 'OpenSSH server daemon',
  'locksmithd.service': 'Cluster reboot manager',
  'update-engine.service': 'Update Engine',
  'systemd-sysext.service': 'Merge System Extension Images into /usr/ and /opt/',
};

function unitName(n: string): string {
  return n.includes('.') ? n : `${n}.service`;
}

function ago(since: string, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - new Date(since).getTime()) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}min ${s % 60}s ago`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}min ago`;
}

function status(ctx: CommandContext, names: string[]): number {
  let rc = 0;
  for (const raw of names) {
    const name = unitName(raw);
    const u = ctx.node.state.units[name];
    if (!u) {
      ctx.io.stderr(`Unit ${name} could not be found.\n`);
      rc = Math.max(rc, 4);
      continue;
    }
    const dot = u.active === 'active' ? '●' : u.active === 'failed' ? '×' : '○';
    const file = ctx.node.fs.stat(`/etc/systemd/system/${name}`) ? `/etc/systemd/system/${name}` : `/usr/lib/systemd/system/${name}`;
    const loaded = u.masked ? 'masked (Reason: Unit ' + name + ' is masked.)' : `loaded (${file}; ${u.enabled ? 'enabled' : 'disabled'}; preset: ${u.enabled ? 'enabled' : 'disabled'})`;
    const dropins = ctx.node.fs.list(`/etc/systemd/system/${name}.d`).filter((p) => p.endsWith('.conf'));
    const out = [`${dot} ${name} - ${DESCRIPTIONS[name] ?? name}`, `     Loaded: ${loaded}`];
    if (dropins.length) {
      out.push(`    Drop-In: /etc/systemd/system/${name}.d`);
      dropins.forEach((d) => out.push(`             └─${d.slice(d.lastIndexOf('/') + 1)}`));
    }
    const result = u.active === 'activating' || u.active === 'failed' ? ' (Result: exit-code)' : '';
    out.push(`     Active: ${u.active} (${u.sub})${result} since ${new Date(u.since).toUTCString()}; ${ago(u.since, new Date())}`);
    const recent = ctx.node.state.journal.filter((e) => e.unit === name).slice(-10);
    if (recent.length) {
      out.push('');
      recent.forEach((e) => out.push(formatJournal(e, ctx.node.hostname)));
    }
    ctx.io.stdout(out.join('\n') + '\n');
    if (u.active !== 'active') rc = Math.max(rc, 3);
  }
  return rc;
}

function needRoot(ctx: CommandContext, verb: string, names: string[]): boolean {
  if (ctx.root) return false;
  // What polkit answers over a non-interactive SSH session.
  ctx.io.stderr(`Failed to ${verb} ${names.map(unitName).join(' ')}: Interactive authentication required.\nSee system logs and 'systemctl status ${unitName(names[0] ?? '')}' for details.\n`);
  return true;
}

/**
 * `systemctl restart systemd-sysext`: unmerge and merge /etc/extensions again, Flatcar's way of
 * reloading sysext images at runtime (flatcar/flatcar-website content/docs/latest/sys-ext/_index.md:
 * "You can reload the sysext images at runtime by executing `systemctl restart systemd-sysext`";
 * "A manual `systemd-sysext refresh` is not recommended"). Running services keep their binaries
 * until they restart.
 */
function remergeSysext(ctx: CommandContext): void {
  const n = 'systemd-sysext.service';
  const node = ctx.node;
  const image = usableSysext(node.fs, node.state.architecture);
  if (image) {
    node.state.sysextMerged = node.fs.resolve(SYSEXT_LINK);
    mergeKubernetesSysext(node.fs);
  } else delete node.state.sysextMerged;
  node.setUnit(n, 'active', 'exited');
  node.journal(n, 'systemd-sysext[2210]', image ? "Using extensions 'kubernetes'." : 'No suitable extensions found (1 ignored due to incompatible image).');
  node.journal(n, 'systemd[1]', `Finished ${n} - ${DESCRIPTIONS[n]}.`);
}

export const systemctl: CommandFn = async (args, ctx) => {
  const positional = args.filter((a) => !a.startsWith('-'));
  const quiet = args.includes('-q') || args.includes('--quiet');
  const [verb, ...names] = positional;
  switch (verb) {
    case 'is-active': {
      let rc = 0;
      for (const n of names) {
        const u = ctx.node.state.units[unitName(n)];
        const state = u?.active ?? 'inactive';
        if (!quiet) ctx.io.stdout(state + '\n');
        if (state !== 'active') rc = 3;
      }
      return names.length ? rc : (ctx.io.stderr('Too few arguments.\n'), 1);
    }
    case 'is-enabled': {
      const u = ctx.node.state.units[unitName(names[0] ?? '')];
      const s = !u ? 'not-found' : u.masked ? 'masked' : u.enabled ? 'enabled' : 'disabled';
      if (!quiet) ctx.io.stdout(s + '\n');
      return s === 'enabled' ? 0 : 1;
    }
    case 'status':
      return status(ctx, names);
    case 'start':
    case 'restart':
    case 'stop':
    case 'enable':
    case 'disable': {
      if (names.length === 0) {
        ctx.io.stderr('Too few arguments.\n');
        return 1;
      }
      if (needRoot(ctx, verb, names)) return 1;
      const now = args.includes('--now');
      for (const n of names.map(unitName)) {
        const u = ctx.node.state.units[n];
        if (!u) {
          ctx.io.stderr(`Failed to ${verb} ${n}: Unit ${n} not found.\n`);
          return 5;
        }
        if (u.masked && verb !== 'stop' && verb !== 'disable') {
          ctx.io.stderr(`Failed to ${verb} ${n}: Unit ${n} is masked.\n`);
          return 1;
        }
        if (verb === 'enable' || verb === 'disable') {
          u.enabled = verb === 'enable';
          if (!now) continue;
        }
        if (verb === 'stop' || verb === 'disable') {
          ctx.node.setUnit(n, 'inactive', 'dead');
          ctx.node.journal(n, 'systemd[1]', `Stopped ${n} - ${DESCRIPTIONS[n] ?? n}.`);
        } else if (n === 'kubelet.service') {
          // A restarted kubelet runs the binary /usr has now and reports its version in the Node's
          // status.nodeInfo.kubeletVersion (kubeadm-upgrade docs: "Restart the kubelet", then the
          // node shows the new VERSION in `kubectl get nodes`).
          if (kubeletStart(ctx.node).healthy) reportKubeletVersion(ctx.node, ctx.dir);
        } else if (n === 'systemd-sysext.service' && verb !== 'start') {
          remergeSysext(ctx);
        } else {
          ctx.node.setUnit(n, 'active', 'running');
          ctx.node.journal(n, 'systemd[1]', `Started ${n} - ${DESCRIPTIONS[n] ?? n}.`);
        }
      }
      ctx.node.save();
      return 0;
    }
    case 'daemon-reload':
      return needRoot(ctx, 'reload daemon', ['']) ? 1 : 0;
    default:
      ctx.io.stderr(verb ? `Unknown command verb '${verb}'.\n` : 'systemctl: a command verb is required in this simulation\n');
      return 1;
  }
};
