#!/usr/bin/env node
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, parseFlags, parsePort } from './cli/args';

/**
 * The headless `flatkube` command: the same services as the app, without a window.
 * Exit codes: 0 success, 1 failure with a one-line reason (a cluster another operation holds
 * too: its lock names the running one), 2 bad usage or spec.
 */
const USAGE = `usage: flatkube <command> [options]
  web [--port N] [--open]        serve the wizard in browser mode and print a one-time sign-in
                                 link; --open also opens it in your browser (FLATKUBE_BROWSER)
  sandbox [--port N] [--state-dir DIR] [--latency instant|realistic] [--speed F] [--faults FILE]
                                 run the local Azure sandbox; prints one JSON line
  render --spec F --out DIR [--sandbox | --bakery URL] [--control-plane-ip IP]
                                 Ignition per node, kubeadm config, az script and plan; the
                                 sysext pin comes from Flatcar's bakery (or a mirror, or the sandbox's);
                                 without the control plane's public IP, its Ignition and the kubeadm
                                 config are templates (*.template.*, plan.md says how to fill them in)
  preflight --spec F [--sandbox | --azure [--auth azure-cli|msal]] [--offline]
                                 check a spec; --sandbox adds the Azure-side checks against the
                                 sandbox, --azure the first real run checklist against real Azure
  create --spec F [--sandbox [--latency instant|realistic] | --auth azure-cli|msal]
                                 create (or resume) the cluster in Azure, or with --sandbox in the
                                 embedded sandbox; --auth azure-cli uses your \`az login\` (nothing
                                 stored), msal your app registration (device code when needed);
                                 default: msal when a client id is configured, else azure-cli
  apply --spec F [--sandbox [--latency instant|realistic] | --auth azure-cli|msal] [--dry-run]
                                 bring the cluster to the spec: node pools scaled up or down, pools
                                 added or removed (creates the cluster when it does not exist);
                                 prints the plan first; --dry-run prints it with every step and
                                 its az/kubectl equivalent, and changes nothing
  upgrade NAME --kubernetes X.Y.Z [--dry-run]
                                 upgrade Kubernetes to a newer patch or the next minor the sysext
                                 bakery publishes, node by node (cordon, drain, new sysext,
                                 kubeadm, kubelet, uncordon); prints the plan first; --dry-run
                                 prints every step and changes nothing; run again to resume
  status NAME [--json]           the cluster's state, its nodes (role, pool, size, Ready,
                                 Kubernetes and Flatcar versions), its operation history and the
                                 releases it may upgrade to
  login [--tenant T]             sign in to Azure with a device code (shared with the app)
  logout [--account UPN]         sign out of Azure (every account, or one)
  list                           clusters and their state (running while an operation holds one)
  kubeconfig NAME [--merge [--set-current-context]]
                                 print the kubeconfig path, or merge it into yours
  destroy NAME [--auth azure-cli|msal]
                                 delete the cluster's resources and local files
  help                           this text`;

const here = path.dirname(fileURLToPath(import.meta.url));
const defaultRendererDir = path.resolve(here, '../renderer');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'web': {
      const flags = parseFlags(rest, { port: 'string', 'renderer-dir': 'string', reason: 'string', open: 'boolean' });
      const port = parsePort(flags.port);
      // Each command loads what it needs when it runs (build/esbuild-targets.mjs splits the bundle there).
      const { runWeb } = await import('./cli/run-web');
      return runWeb({
        rendererDir: typeof flags['renderer-dir'] === 'string' ? flags['renderer-dir'] : defaultRendererDir,
        ...(port !== undefined ? { port } : {}),
        ...(typeof flags.reason === 'string' ? { reason: flags.reason } : {}),
        open: flags.open === true,
      });
    }
    case 'sandbox': {
      const { runSandboxCommand } = await import('@flatkube/sandbox/cli');
      return runSandboxCommand(rest);
    }
    case 'render':
    case 'preflight':
    case 'create':
    case 'apply':
    case 'status':
    case 'upgrade':
    case 'list':
    case 'kubeconfig':
    case 'destroy':
    case 'login':
    case 'logout': {
      const { runClusterCommand } = await import('./cli/cluster-cli');
      return runClusterCommand(command, rest);
    }
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`flatkube: ${error.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(`flatkube: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
