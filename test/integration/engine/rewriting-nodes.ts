/**
 * A sandbox whose nodes are the sandbox's own kind, with what each VM's serial console shows
 * passed through `rewrite` (the VM itself, its SSH server and its host key are untouched): for
 * tests of what the engine does with what a node's serial log says. Give the starter to
 * startEngineFixture as `start`. The one place the engine tests need the sandbox's insides (a
 * node host of their own, @flatkube/sandbox/testing); they see the sandbox as a public Sandbox.
 */
import { SandboxApiClient, type Sandbox, type SandboxOptions } from '@flatkube/sandbox';
import { createNodeHost, createSandboxInternet, startInProcessSandbox, type NodeHost, type SandboxNodeHost } from '@flatkube/sandbox/testing';
import { HOST_KEY_FINGERPRINT_MARKER, HOST_KEY_MARKER } from '../../../electron/services/cluster/render/host-key-announce';
import type { SshKeyPair } from '../../../electron/services/ssh/keys';

export function rewritingNodes(rewrite: (serial: string) => string): (opts: SandboxOptions) => Promise<Sandbox> {
  return async (opts) => {
    // The sandbox's origin (its simulated internet's), known once it listens: before any boot.
    let origin = '';
    let inner: SandboxNodeHost | undefined;
    const host = () => (inner ??= createNodeHost({ internet: createSandboxInternet({ origin }), pace: { delayMs: () => 0 } }));
    const nodes: NodeHost = {
      boot: (req) => host().boot(req),
      serialLog: (vmId) => rewrite(inner?.serialLog(vmId) ?? ''),
      endpoint: (vmId) => inner?.endpoint(vmId),
      remove: async (vmId) => inner?.remove(vmId),
      dropSessions: (vmId) => inner?.dropSessions(vmId),
      close: async () => inner?.close(),
    };
    const sb = await startInProcessSandbox({ ...opts, nodes });
    origin = new URL(sb.info.armEndpoint).origin;
    return {
      info: sb.info,
      caCertPem: sb.caCertPem,
      api: new SandboxApiClient(sb.info, sb.caCertPem),
      close: async () => {
        await sb.close();
        await nodes.close();
      },
    };
  };
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
