// The certificate key's commands and phase: `kubeadm init ... --upload-certs` (the
// [upload-certs] phase of init), `kubeadm init phase upload-certs --upload-certs
// [--certificate-key K]` (re-upload on a control plane, a new key unless one is given) and
// `kubeadm certs certificate-key` (prints a new key). Texts from kubeadm's output as the HA guide
// shows it (https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/high-availability/)
// and its init template (kubernetes/kubernetes cmd/kubeadm/app/cmd/init.go, initDoneTempl).
// `--skip-certificate-key-print` keeps the key out of the output: the phase skips its "Using
// certificate key" lines (cmd/kubeadm/app/cmd/phases/init/uploadcerts.go: `if
// !data.SkipCertificateKeyPrint()`) and the join command says `<value withheld>` instead
// (cmd/kubeadm/app/cmd/util/join.go, getJoinCommand).
import type { CommandContext } from '../command-types';
import type { ClusterRecord } from '../node-state';
import { newCertificateKey, uploadCerts } from './kubeadm-certs';
import { get, loadKubeadmConfig, parseFlags, STACK_HINT } from './kubeadm-config';

/** What join.go prints in place of a key (or token) kubeadm was told not to print. */
export const WITHHELD = '<value withheld>';

/** The key init/join use: `--certificate-key`, else the config's `certificateKey`; checked as kubeadm's validation does. */
export function certificateKeyOf(flags: Map<string, string>, cfg: unknown, path: string): { key?: string; error?: string } {
  const key = flags.get('certificate-key') ?? get<string>(cfg, 'certificateKey');
  if (key === undefined || key === '') return {};
  // kubeadm validation (ValidateCertificateKey, cmd/kubeadm/app/apis/kubeadm/validation): 32 bytes hex; wording UNCONFIRMED.
  if (!/^[0-9a-fA-F]{64}$/.test(key)) return { error: `${path}: Invalid value: "${key}": certificate key must be a hex encoded string of 32 bytes` };
  return { key: key.toLowerCase() };
}

/** The [upload-certs] lines and the upload itself; answers the key used (or undefined when skipped). */
export function uploadCertsPhase(ctx: CommandContext, rec: ClusterRecord, upload: boolean, given: string | undefined, skipPrint = false): string | undefined {
  const out = (s: string) => ctx.io.stdout(s + '\n');
  if (!upload) {
    out('[upload-certs] Skipping phase. Please see --upload-certs');
    return undefined;
  }
  const key = given ?? newCertificateKey();
  out('[upload-certs] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace');
  uploadCerts(ctx.node, rec, key);
  if (!skipPrint) {
    out('[upload-certs] Using certificate key:');
    out(key);
  }
  return key;
}

/** The control-plane join block of init's closing text. */
export function controlPlaneJoinText(endpoint: string, token: string, caHash: string, certKey: string | undefined): string[] {
  if (!certKey) {
    return [
      'You can now join any number of control-plane nodes by copying certificate authorities',
      'and service account keys on each node and then running the following as root:',
      '',
      `  kubeadm join ${endpoint} --token ${token} \\`,
      `\t--discovery-token-ca-cert-hash ${caHash} \\`,
      '\t--control-plane ',
      '',
    ];
  }
  return [
    'You can now join any number of control-plane nodes running the following command on each as root:',
    '',
    `  kubeadm join ${endpoint} --token ${token} \\`,
    `\t--discovery-token-ca-cert-hash ${caHash} \\`,
    `\t--control-plane --certificate-key ${certKey}`,
    '',
    'Please note that the certificate-key gives access to cluster sensitive data, keep it secret!',
    'As a safeguard, uploaded-certs will be deleted in two hours; If necessary, you can use',
    '"kubeadm init phase upload-certs --upload-certs" to reload certs afterward.',
    '',
  ];
}

/** `kubeadm init phase upload-certs --upload-certs [--certificate-key K | --config F] [--skip-certificate-key-print]` on a control plane. */
export function initPhaseUploadCerts(args: string[], ctx: CommandContext): number {
  const { flags } = parseFlags(args, new Set(['upload-certs', 'skip-certificate-key-print']));
  const rec = ctx.node.state.cluster;
  if (!ctx.root || !rec) {
    ctx.io.stderr(`failed to load admin kubeconfig: open /etc/kubernetes/admin.conf: ${ctx.root ? 'no such file or directory' : 'permission denied'}\n${STACK_HINT}\n`);
    return 1;
  }
  // The phase inherits --config (uploadcerts.go, InheritFlags): the key may come from the
  // InitConfiguration's certificateKey, as for init itself.
  let initCfg: unknown;
  const configPath = flags.get('config');
  if (configPath !== undefined) {
    const text = ctx.node.fs.readText(configPath);
    if (text === undefined) {
      ctx.io.stderr(`unable to read config from "${configPath}" : open ${configPath}: no such file or directory\n${STACK_HINT}\n`);
      return 1;
    }
    const loaded = loadKubeadmConfig(text, ctx.node.sysext()?.version as string);
    if (!loaded.ok) {
      ctx.io.stderr(`${loaded.error}\n${STACK_HINT}\n`);
      return 1;
    }
    initCfg = loaded.docs.InitConfiguration;
  }
  const given = certificateKeyOf(flags, initCfg, 'certificateKey');
  if (given.error) {
    ctx.io.stderr(`${given.error}\n${STACK_HINT}\n`);
    return 1;
  }
  uploadCertsPhase(ctx, rec, flags.get('upload-certs') === 'true', given.key, flags.get('skip-certificate-key-print') === 'true');
  ctx.node.save();
  return 0;
}

/** `kubeadm certs certificate-key`: a new key on stdout. */
export function certsCertificateKey(ctx: CommandContext): number {
  ctx.io.stdout(newCertificateKey() + '\n');
  return 0;
}
