// Reads kubeadm's multi-document YAML the way kubeadm's config loader does,
// including its errors: removed API versions (v1beta3 since 1.36), unknown
// kinds, and v1beta4's list-shaped extraArgs.
import { parseAllDocuments } from 'yaml';
import { minorOf } from '../flatcar-os';

export const KUBEADM_GROUP = 'kubeadm.k8s.io';
const SCHEME = 'k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm/scheme/scheme.go:31';
const KUBEADM_KINDS = new Set(['InitConfiguration', 'ClusterConfiguration', 'JoinConfiguration', 'ResetConfiguration', 'UpgradeConfiguration']);
const COMPONENT_KINDS: Record<string, string> = {
  KubeletConfiguration: 'kubelet.config.k8s.io/v1beta1',
  KubeProxyConfiguration: 'kubeproxy.config.k8s.io/v1alpha1',
};

export type KubeadmDocs = Partial<Record<string, Record<string, unknown>>>;

export type ConfigLoad = { ok: true; docs: KubeadmDocs; warnings: string[] } | { ok: false; error: string; warnings: string[] };

/** API versions a kubeadm of this minor version still serves. */
function servedVersions(kubeadmMinor: number): string[] {
  return kubeadmMinor >= 36 ? ['v1beta4'] : kubeadmMinor >= 31 ? ['v1beta3', 'v1beta4'] : ['v1beta3'];
}

export function loadKubeadmConfig(text: string, kubeadmVersion: string): ConfigLoad {
  const warnings: string[] = [];
  const minor = minorOf(kubeadmVersion);
  const docs: KubeadmDocs = {};
  for (const d of parseAllDocuments(text)) {
    if (d.errors.length > 0) {
      const e = d.errors[0];
      const line = e?.linePos?.[0]?.line ?? 1;
      return { ok: false, warnings, error: `error converting YAML to JSON: yaml: line ${line}: ${e?.message.split('\n')[0] ?? 'invalid'}` };
    }
    const obj = d.toJSON() as Record<string, unknown> | null;
    if (obj == null) continue;
    const apiVersion = String(obj.apiVersion ?? '');
    const kind = String(obj.kind ?? '');
    if (!apiVersion || !kind) return { ok: false, warnings, error: `Object 'Kind' is missing in '${JSON.stringify(obj).slice(0, 120)}'` };
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    if (group === KUBEADM_GROUP) {
      if (!KUBEADM_KINDS.has(kind) || !servedVersions(minor).includes(version ?? '')) {
        if (/^v1(alpha|beta[12])/.test(version ?? '')) {
          return {
            ok: false,
            warnings,
            error: `your configuration file uses an old API spec: "${apiVersion}" (kind: "${kind}"). Please use kubeadm v1.${minor - 1} instead and run 'kubeadm config migrate --old-config old-config-file --new-config new-config-file', which will write the new, similar spec using a newer API version.`,
          };
        }
        return { ok: false, warnings, error: `no kind "${kind}" is registered for version "${apiVersion}" in scheme "${SCHEME}"` };
      }
      if (version === 'v1beta3') {
        warnings.push(
          `W0000 00:00:00.000000 common.go:101] your configuration file uses a deprecated API spec: "${apiVersion}" (kind: "${kind}"). Please use 'kubeadm config migrate --old-config old-config-file --new-config new-config-file', which will write the new, similar spec using a newer API version.`,
        );
      }
      if (version === 'v1beta4') {
        const bad = findMapExtraArgs(obj);
        if (bad) {
          return {
            ok: false,
            warnings,
            error: `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go struct field ${bad} of type []v1beta4.Arg`,
          };
        }
      }
    } else if (COMPONENT_KINDS[kind] !== apiVersion) {
      warnings.push(`W0000 00:00:00.000000 initconfiguration.go:361] [config] WARNING: Ignored YAML document with GroupVersionKind ${apiVersion}, Kind=${kind}`);
      continue;
    }
    docs[kind] = obj;
  }
  return { ok: true, docs, warnings };
}

function findMapExtraArgs(obj: Record<string, unknown>): string | undefined {
  const comps: [string, unknown][] = [
    ['ControlPlaneComponent.apiServer.extraArgs', (obj.apiServer as Record<string, unknown> | undefined)?.extraArgs],
    ['ControlPlaneComponent.controllerManager.extraArgs', (obj.controllerManager as Record<string, unknown> | undefined)?.extraArgs],
    ['ControlPlaneComponent.scheduler.extraArgs', (obj.scheduler as Record<string, unknown> | undefined)?.extraArgs],
    ['NodeRegistrationOptions.nodeRegistration.kubeletExtraArgs', (obj.nodeRegistration as Record<string, unknown> | undefined)?.kubeletExtraArgs],
  ];
  for (const [name, v] of comps) if (v != null && !Array.isArray(v) && typeof v === 'object') return name;
  return undefined;
}

export function get<T>(obj: unknown, ...path: string[]): T | undefined {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur == null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur as T | undefined;
}

/** Parses kubeadm's Go-style flags: `--name value`, `--name=value`, bare booleans. */
export function parseFlags(args: string[], booleans: Set<string>, valued?: Set<string>): { flags: Map<string, string>; positional: string[]; unknown: string[] } {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('-')) {
      positional.push(a);
      continue;
    }
    const name = a.replace(/^-+/, '');
    const eq = name.indexOf('=');
    const key = eq >= 0 ? name.slice(0, eq) : name;
    // With the command's flag list given, an unknown flag is an error (and takes no argument with
    // it), as pflag has it: `unknown flag: --%s` (github.com/spf13/pflag, flag.go, parseLongArg).
    if (valued && !booleans.has(key) && !valued.has(key)) {
      unknown.push(key);
      continue;
    }
    if (eq >= 0) flags.set(key, name.slice(eq + 1));
    else if (booleans.has(name)) flags.set(name, 'true');
    else flags.set(name, args[++i] ?? '');
  }
  return { flags, positional, unknown };
}

export const STACK_HINT = 'To see the stack trace of this error execute with --v=5 or higher';
