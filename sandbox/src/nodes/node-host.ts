// NodeHost: the sandbox's fleet of simulated Flatcar nodes. The compute
// provider calls boot() for each new VM; every booted node gets an SSH
// endpoint on 127.0.0.1 (and, once `kubeadm init` ran, a kube-apiserver).
// With a stateDir the nodes' state is kept on disk and restored on restart
// (on new ports: endpoint() always reports the current ones).
import { randomUUID } from 'node:crypto';
import type { NodeBootRequest, NodeBootResult, NodeEndpoint, NodeHost, NodeHostOptions } from './types';
import type { NodeDirectory } from './command-types';
import { deleteNodeState, loadNodeStates, saveNodeState, shareClusterRecords, type NodeState, type UnitState } from './node-state';
import { SimNode } from './sim-node';
import { VirtualFs } from './vfs';
import { parseIgnition } from './ignition-validate';
import { applyIgnition, ensureHostKey, IgnitionApplyError } from './ignition-apply';
import { enabledForMultiUser, FLATCAR_VERSION, KERNEL_VERSION, mergeKubernetesSysext, SIMULATED_LABEL, upheldBy, usableSysext, kubernetesSysext, SYSEXT_LINK, writeBaseImage } from './flatcar-os';
import { kubeletStart } from './commands/kubelet-lifecycle';
import { startNodeSsh, type NodeSshServer } from './ssh-server';
import { startKubeApi, type KubeApiServer } from './kube-api';
import { runCommandLine, runProgramAsRoot } from './simulator';
import { runBootUnits } from './boot-units';
import { SandboxInternet } from '../upstream/internet';
import { bootIntoStagedUpdate, checkForUpdate, newerVersion } from './update-engine';

export interface SandboxNodeHost extends NodeHost {
  /** Resolves once nodes from stateDir are listening again (boot() waits for it too). */
  readonly restored: Promise<void>;
  /** vmIds of the nodes that booted successfully. */
  list(): string[];
  announceFlatcarRelease(version: string): string[];
  flatcarRelease(): string | undefined;
}

interface Running {
  node: SimNode;
  ssh: NodeSshServer;
  api?: KubeApiServer;
  apiStarting?: Promise<number>;
}

const BASE_UNITS = ['containerd.service', 'sshd.service', 'update-engine.service', 'locksmithd.service', 'systemd-sysext.service'];

export function createNodeHost(opts: NodeHostOptions): SandboxNodeHost {
  const log = opts.log ?? (() => {});
  const running = new Map<string, Running>();
  const failed = new Map<string, NodeState>();
  /** Powered-off VMs' nodes: their state stays (and is saved), nothing listens. */
  const stopped = new Map<string, NodeState>();
  let closed = false;
  const internet = opts.internet ?? new SandboxInternet();
  /** The newest Flatcar release announced (POST /_sandbox/flatcar/release); in memory only. */
  let release: string | undefined;

  const directory: NodeDirectory = {
    internet,
    ...(opts.network ? { network: opts.network } : {}),
    ...(opts.cloud ? { cloud: opts.cloud } : {}),
    get: (vmId) => running.get(vmId)?.node,
    findByAddress(networkId, ip) {
      for (const r of running.values()) {
        const s = r.node.state;
        if ((s.networkId === networkId && s.privateIp === ip) || s.publicIp === ip) return r.node;
      }
      return undefined;
    },
    startApiServer: (node) => startApi(node),
    flatcarRelease: () => release,
    reboot: (vmId) => reboot(vmId),
    runAsRoot: (machine, argv, io, env) => runProgramAsRoot({ ...machine, dir: directory, pace: opts.pace }, argv, io, env),
  };

  async function startApi(node: SimNode): Promise<number> {
    const r = running.get(node.vmId);
    if (!r) throw new Error(`node ${node.vmId} is not running`);
    if (r.api) return r.api.port;
    r.apiStarting ??= startKubeApi(node, directory, opts.pace, log).then((api) => {
      r.api = api;
      return api.port;
    });
    return r.apiStarting;
  }

  /** Lets every cluster's controllers look at the nodes again (Kured reads their files). */
  function pokeClusters(): void {
    for (const r of running.values()) r.api?.poke();
  }

  /**
   * `systemctl reboot`: the node goes down (SSH and API servers close) and boots again, into a
   * staged Flatcar update if there is one; /run starts empty. Azure's view of the VM does not change.
   */
  async function reboot(vmId: string): Promise<void> {
    const r = running.get(vmId);
    if (!r || closed) return;
    running.delete(vmId);
    r.node.journal('systemd', 'systemd[1]', 'Reached target reboot.target - System Reboot.');
    r.node.save();
    await r.ssh.close();
    await r.api?.close();
    pokeClusters();
    bootIntoStagedUpdate(r.node);
    const s = r.node.state;
    s.bootId = randomUUID();
    s.bootedAt = new Date().toISOString();
    s.serialLog.push(`[    0.000000] Linux version ${KERNEL_VERSION} (build@flatcar) #1 SMP PREEMPT_DYNAMIC`, `${SIMULATED_LABEL}: ${s.name} is up`);
    r.node.save();
    const delay = opts.pace.delayMs('node-boot');
    if (delay > 0) await new Promise((res) => setTimeout(res, delay));
    if (closed) return;
    await start(s);
    log(`nodes: ${s.name} rebooted, ssh on 127.0.0.1:${running.get(vmId)?.ssh.port}`);
    pokeClusters();
  }

  function persistFn(state: NodeState): () => void {
    return opts.stateDir ? () => saveNodeState(opts.stateDir as string, state) : () => {};
  }

  async function start(state: NodeState): Promise<Running> {
    const node = new SimNode(state);
    node.persist = persistFn(state);
    const hostKey = node.fs.readText('/etc/ssh/ssh_host_ed25519_key') as string;
    const ssh = await startNodeSsh({
      hostKey,
      authorizedKeys: state.authorizedKeys,
      motd: `${node.fs.readText('/etc/motd') ?? ''}`,
      prompt: `core@${node.hostname} ~ $ `,
      log: (l) => log(`nodes[${state.name}]: ${l}`),
      exec: async (line, io, env) => {
        const drop = opts.onExec?.(state.name, line);
        if (drop) setTimeout(() => running.get(state.vmId)?.ssh.dropSessions(), drop.dropAfterMs).unref();
        const rc = await runCommandLine({ node, dir: directory, pace: opts.pace }, line, io, env);
        node.save();
        return rc;
      },
    });
    const r: Running = { node, ssh };
    running.set(state.vmId, r);
    // update-engine checks for an update at boot too (update-engine.ts).
    checkForUpdate(node, release);
    if (state.cluster) await startApi(node);
    return r;
  }

  const restored = (async () => {
    if (!opts.stateDir) return;
    for (const s of shareClusterRecords(loadNodeStates(opts.stateDir, log))) {
      if (s.failed) failed.set(s.vmId, s);
      else if (s.poweredOff) stopped.set(s.vmId, s);
      else {
        try {
          await start(s);
          log(`nodes: restored ${s.name} (${s.vmId})`);
        } catch (e) {
          log(`nodes: could not restore ${s.name}: ${(e as Error).message}`);
        }
      }
    }
  })();

  function endpointOf(vmId: string): NodeEndpoint | undefined {
    const r = running.get(vmId);
    if (!r) return undefined;
    return { host: '127.0.0.1', sshPort: r.ssh.port, ...(r.api ? { apiServerPort: r.api.port } : {}) };
  }

  async function boot(req: NodeBootRequest): Promise<NodeBootResult> {
    await restored;
    if (closed) throw new Error('node host is closed');
    const existing = endpointOf(req.vmId);
    // Ignition runs on first boot only; a second boot of the same VM keeps its state.
    if (existing) return { ok: true, endpoint: existing };

    const now = new Date();
    const pid = 400 + Math.floor(Math.random() * 200);
    const ign = (l: string) => `ignition[${pid}]: ${l}`;
    const serial: string[] = [
      `[    0.000000] Linux version ${KERNEL_VERSION} (build@flatcar) #1 SMP PREEMPT_DYNAMIC`,
      `[    0.000000] ${SIMULATED_LABEL}: ${req.name} (${req.vmId})`,
      ign('Ignition 2.21.0'),
      ign('Stage: fetch'),
      ign('op(1): [started]  mounting "/dev/sr0" at "/tmp/ignition-azure"'),
      ign('op(1): [finished] mounting "/dev/sr0" at "/tmp/ignition-azure"'),
      ign('fetched user config from "azure"'),
    ];
    const base: NodeState = {
      schema: 1,
      vmId: req.vmId,
      name: req.name,
      privateIp: req.privateIp,
      ...(req.publicIp ? { publicIp: req.publicIp } : {}),
      networkId: req.networkId,
      architecture: req.architecture,
      ...(req.resourceId ? { resourceId: req.resourceId } : {}),
      bootId: randomUUID(),
      bootedAt: now.toISOString(),
      serialLog: serial,
      fs: {},
      units: {},
      authorizedKeys: [],
      journal: [],
    };
    const fail = (lines: string[]): NodeBootResult => {
      serial.push(...lines.map(ign));
      serial.push('[FAILED] Failed to start ignition-fetch.service - Ignition (fetch).');
      serial.push('You are in emergency mode. After logging in, type "journalctl -xb" to view system logs.');
      base.failed = true;
      failed.set(req.vmId, base);
      if (opts.stateDir) saveNodeState(opts.stateDir, base);
      log(`nodes: ${req.name} failed to boot (Ignition)`);
      return { ok: false, serialLog: serial.join('\n') + '\n' };
    };

    const parsed = parseIgnition(req.customDataBase64);
    if (!parsed.ok) return fail(parsed.lines);
    serial.push(ign(`parsing config with SHA512: ${parsed.sha512}`));
    serial.push(ign('fetch: fetch passed'), ign('Stage: files'));
    const fs = new VirtualFs();
    writeBaseImage(fs, req.architecture);
    let applied;
    try {
      applied = applyIgnition(parsed.config, fs, internet);
    } catch (e) {
      if (e instanceof IgnitionApplyError) return fail([...e.lines, `files failed: ${e.message}`]);
      throw e;
    }
    serial.push(...applied.lines.map(ign));
    if (!fs.readText('/etc/hostname')) fs.writeFile('/etc/hostname', `${req.name}\n`);
    // sshd-keygen.service at first boot: the node's own host key (Ignition does not bring one).
    const hk = ensureHostKey(fs, `root@${(fs.readText('/etc/hostname') ?? req.name).trim()}`);
    fs.writeFile(
      '/etc/.ignition-result.json',
      JSON.stringify({ provisioningBootID: base.bootId.replace(/-/g, ''), provisioningDate: now.toISOString(), userConfigProvided: true }, null, 2) + '\n',
      { mode: 0o644 },
    );
    serial.push(ign('files: createResultFile: createFiles: op(ff): [started]  writing file "/sysroot/etc/.ignition-result.json"'));
    serial.push(ign('files: createResultFile: createFiles: op(ff): [finished] writing file "/sysroot/etc/.ignition-result.json"'));
    serial.push(ign('files: files passed'), ign('Ignition finished successfully'));
    if (hk.generated) serial.push('sshd-keygen[901]: generated host key /etc/ssh/ssh_host_ed25519_key (none in the Ignition config)');
    serial.push('[  OK  ] Finished sshd-keygen.service - Generate sshd host keys.');

    base.fs = fs.toJSON();
    base.authorizedKeys = applied.authorizedKeys;
    const units: Record<string, UnitState> = {};
    const at = now.toISOString();
    for (const u of BASE_UNITS) units[u] = { enabled: true, masked: false, active: 'active', sub: u === 'systemd-sysext.service' ? 'exited' : 'running', since: at };
    for (const [name, s] of applied.unitSettings) {
      const u = (units[name] ??= { enabled: false, masked: false, active: 'inactive', sub: 'dead', since: at });
      if (s.enabled !== undefined) u.enabled = s.enabled;
      if (s.masked) Object.assign(u, { masked: true, enabled: false, active: 'inactive', sub: 'dead' });
      else if (u.enabled && s.hasContents) Object.assign(u, { active: 'active', sub: 'running' });
    }
    base.units = units;
    const node = new SimNode(base);
    const sysextFile = kubernetesSysext(node.fs);
    if (sysextFile && !usableSysext(node.fs, req.architecture)) {
      node.journal('systemd-sysext.service', 'systemd-sysext[412]', `Extension image "kubernetes" is for architecture ${sysextFile.arch}, refusing to merge on ${req.architecture === 'Arm64' ? 'arm64' : 'x86-64'}.`);
    }
    if (node.sysext()) {
      base.sysextMerged = node.fs.resolve(SYSEXT_LINK);
      mergeKubernetesSysext(node.fs);
      node.journal('systemd-sysext.service', 'systemd-sysext[412]', `Using extensions 'kubernetes'.`);
      // kubelet starts when multi-user.target upholds it (the sysext's drop-in) or wants it (an
      // enablement link); "enabled" is only the latter, as systemctl is-enabled says. It loops until kubeadm runs.
      const enabled = enabledForMultiUser(node.fs, 'kubelet.service');
      base.units['kubelet.service'] = { enabled, masked: false, active: 'inactive', sub: 'dead', since: at };
      if (enabled || upheldBy(node.fs, 'multi-user.target').includes('kubelet.service')) kubeletStart(node);
    }
    // The config's own oneshot units (e.g. one printing the host key on the console), before sshd.
    const bootUnits = [...applied.unitSettings]
      .filter(([, s]) => s.enabled === true && !s.masked && s.hasContents)
      .map(([name]) => ({ name, contents: node.fs.readText(`/etc/systemd/system/${name}`) ?? '' }));
    await runBootUnits({ node, dir: directory, pace: opts.pace }, bootUnits, serial);
    node.journal('containerd.service', 'systemd[1]', 'Started containerd.service - containerd container runtime.');
    node.journal('sshd.service', 'systemd[1]', `Started sshd.service - OpenSSH server daemon (${SIMULATED_LABEL}, Flatcar ${FLATCAR_VERSION}).`);
    base.fs = node.fs.toJSON();
    serial.push(`[  OK  ] Reached target multi-user.target - Multi-User System.`, `${SIMULATED_LABEL}: ${req.name} is up`);

    const delay = opts.pace.delayMs('node-boot');
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (opts.stateDir) saveNodeState(opts.stateDir, base);
    await start(base);
    log(`nodes: ${req.name} booted, ssh on 127.0.0.1:${running.get(req.vmId)?.ssh.port}`);
    return { ok: true, endpoint: endpointOf(req.vmId) as NodeEndpoint };
  }

  return {
    restored,
    boot,
    list: () => [...running.keys()],
    serialLog(vmId) {
      const s = running.get(vmId)?.node.state ?? failed.get(vmId) ?? stopped.get(vmId);
      return s ? s.serialLog.join('\n') + '\n' : '';
    },
    endpoint: endpointOf,
    async remove(vmId) {
      const r = running.get(vmId);
      running.delete(vmId);
      failed.delete(vmId);
      stopped.delete(vmId);
      if (r) {
        await r.ssh.close();
        await r.api?.close();
      }
      if (opts.stateDir) deleteNodeState(opts.stateDir, vmId);
    },
    async setPower(vmId, power) {
      await restored;
      if (power === 'stopped') {
        const r = running.get(vmId);
        if (!r) return;
        running.delete(vmId);
        r.node.journal('systemd', 'systemd[1]', 'Reached target poweroff.target - System Power Off.');
        r.node.state.poweredOff = true;
        r.node.save();
        stopped.set(vmId, r.node.state);
        await r.ssh.close();
        await r.api?.close();
        log(`nodes: ${r.node.state.name} powered off`);
        return;
      }
      const s = stopped.get(vmId);
      if (!s || closed) return;
      stopped.delete(vmId);
      delete s.poweredOff;
      s.bootId = randomUUID();
      s.bootedAt = new Date().toISOString();
      s.serialLog.push(`[    0.000000] Linux version ${KERNEL_VERSION} (build@flatcar) #1 SMP PREEMPT_DYNAMIC`, `${SIMULATED_LABEL}: ${s.name} is up`);
      // Any boot runs the partition update-engine staged, not only Kured's reboot.
      const booting = new SimNode(s);
      bootIntoStagedUpdate(booting);
      booting.save();
      if (opts.stateDir) saveNodeState(opts.stateDir, s);
      await start(s);
      log(`nodes: ${s.name} started again, ssh on 127.0.0.1:${running.get(vmId)?.ssh.port}`);
    },
    announceFlatcarRelease(version) {
      if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`not a Flatcar version: ${version}`);
      if (!release || newerVersion(version, release)) release = version;
      const staged = [...running.values()].filter((r) => checkForUpdate(r.node, release)).map((r) => r.node.state.name);
      log(`nodes: Flatcar ${version} announced; update staged on ${staged.length ? staged.join(', ') : 'no node'}`);
      pokeClusters();
      return staged;
    },
    flatcarRelease: () => release,
    dropSessions(vmId) {
      for (const [id, r] of running) if (vmId === undefined || id === vmId) r.ssh.dropSessions();
    },
    async close() {
      closed = true;
      await restored;
      const all = [...running.values()];
      running.clear();
      await Promise.all(all.flatMap((r) => [r.ssh.close(), r.api?.close()]));
    },
  };
}
