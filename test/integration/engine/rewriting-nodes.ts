/**
 * The sandbox's own kind of node host, with what each VM's serial console shows passed through
 * `rewrite` (the VM itself, its SSH server and its host key are untouched): for tests of what the
 * engine does with what a node's serial log says. Pass `nodes` to startEngineFixture, then
 * `attach` the fixture (the nodes download from the sandbox's own simulated internet).
 */
import { createNodeHost, type SandboxNodeHost } from '@flatkube/sandbox/testing';
import type { NodeHost } from '@flatkube/sandbox/testing';
import { createSandboxInternet } from '@flatkube/sandbox/testing';
import { HOST_KEY_FINGERPRINT_MARKER, HOST_KEY_MARKER } from '../../../electron/services/cluster/render/host-key-announce';
import type { SshKeyPair } from '../../../electron/services/ssh/keys';
import type { EngineFixture } from './engine-fixture';

export function rewritingNodes(rewrite: (serial: string) => string): { nodes: NodeHost; attach(f: EngineFixture): void } {
  let origin: string | undefined;
  let inner: SandboxNodeHost | undefined;
  const host = () => (inner ??= createNodeHost({ internet: createSandboxInternet({ origin: origin! }), pace: { delayMs: () => 0 } }));
  const nodes: NodeHost = {
    boot: (req) => host().boot(req),
    serialLog: (vmId) => rewrite(inner?.serialLog(vmId) ?? ''),
    endpoint: (vmId) => inner?.endpoint(vmId),
    remove: async (vmId) => inner?.remove(vmId),
    dropSessions: (vmId) => inner?.dropSessions(vmId),
    close: async () => inner?.close(),
  };
  return { nodes, attach: (f) => (origin = new URL(f.sb.info.armEndpoint).origin) };
}

/** Serial consoles that announce `other` instead of the node's own host key. */
export function announcing(other: SshKeyPair): (serial: string) => string {
  const bare = other.publicKey.split(' ').slice(0, 2).join(' ');
  return (serial) =>
    serial
      .replace(new RegExp(`${HOST_KEY_MARKER} ssh-ed25519 \\S+`, 'g'), `${HOST_KEY_MARKER} ${bare}`)
      .replace(new RegExp(`${HOST_KEY_FINGERPRINT_MARKER} 256 \\S+`, 'g'), `${HOST_KEY_FINGERPRINT_MARKER} 256 ${other.fingerprint}`);
}

/** Serial consoles that never show the host key line. */
export const silent = (serial: string) => serial.split('\n').filter((l) => !l.includes(HOST_KEY_MARKER)).join('\n');
