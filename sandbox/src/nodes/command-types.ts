// Shared types of the command simulator: what a command gets and returns.
import type { NodeCloud, NodeNetwork, NodePace } from './types';
import type { SimNode } from './sim-node';
import type { SandboxInternet } from '../upstream/internet';

export interface ExecIO {
  stdout(chunk: string): void;
  stderr(chunk: string): void;
  /** Everything the client sends on stdin until EOF (the channel's end). */
  readStdin(): Promise<string>;
  /** Aborted when the SSH channel closes: follow-mode commands stop then. */
  signal: AbortSignal;
}

/** The host's view of all nodes, for cross-node actions (join) and the API server. */
export interface NodeDirectory {
  get(vmId: string): SimNode | undefined;
  /** The node with this private (or public) IP in the virtual network `networkId`. */
  findByAddress(networkId: string, ip: string): SimNode | undefined;
  /** Starts (or returns) the kube-apiserver emulation of a control plane; resolves to its port. */
  startApiServer(node: SimNode): Promise<number>;
  /** The sandbox's simulated internet (curl and Ignition download from it). */
  internet: SandboxInternet;
  /** Public DNS names and load balancer frontends (net/reach.ts); absent: none. */
  network?: NodeNetwork;
  /** Azure for the cluster's cloud provider and disk driver (providers/compute/node-cloud.ts); absent: none. */
  cloud?: NodeCloud;
  /**
   * Runs a program as root on a machine with its own filesystem and program set (a container,
   * for `kubectl exec`): the node host wires the simulator in here.
   */
  /** The newest Flatcar release the sandbox announced (update-engine.ts); absent: none. */
  flatcarRelease?(): string | undefined;
  /**
   * Reboots a node (`systemctl reboot`, as Kured runs it): its SSH and API servers go away and it
   * boots again, into a staged Flatcar update if there is one. Resolves once it is up.
   */
  reboot?(vmId: string): Promise<void>;
  runAsRoot?(machine: { node: SimNode; programs: Record<string, CommandFn> }, argv: string[], io: ExecIO, env: Record<string, string>): Promise<number>;
}

export interface CommandContext {
  node: SimNode;
  dir: NodeDirectory;
  pace: NodePace;
  /** Running as root (through sudo). */
  root: boolean;
  env: Record<string, string>;
  io: ExecIO;
  /** Waits `pace.delayMs(kind)` (times `factor`), returning early when the channel closes. */
  sleep(kind: string, factor?: number): Promise<void>;
  /** Runs a nested command line (for `sh -c` and `sudo`). */
  run(line: string | string[], opts?: { root?: boolean }): Promise<number>;
}

/** A simulated program: gets argv without the program name, returns its exit status. */
export type CommandFn = (args: string[], ctx: CommandContext) => Promise<number>;
