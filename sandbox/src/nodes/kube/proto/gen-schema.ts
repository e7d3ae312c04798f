// Builds k8s-proto-schema.ts, the compact protobuf schema the simulated API server decodes
// request bodies with, from git checkouts of kubernetes/api and kubernetes/apimachinery:
// generated.proto gives each field's number and type, types.go its JSON name, omitempty,
// pointer-ness and inlining. Usage (from the repository root):
//   node --import tsx sandbox/src/nodes/kube/proto/gen-schema.ts <kubernetes/api> <kubernetes/apimachinery>
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface GoTag {
  json: string;
  omitempty: boolean;
  ptr: boolean;
  inline: boolean;
}

interface ProtoFieldDef {
  no: number;
  name: string;
  type: string;
  repeated?: boolean;
  key?: string;
  value?: string;
}

const SCALAR = /^(string|bytes|bool|int32|int64|uint32|uint64|sint32|sint64|double|float|fixed32|fixed64)$/;

/** Package directories to read, per repository ('api' or 'machinery'). */
const PACKAGES: ['api' | 'machinery', string][] = [
  ['api', 'core/v1'], ['api', 'apps/v1'], ['api', 'batch/v1'], ['api', 'policy/v1'], ['api', 'policy/v1beta1'], ['api', 'rbac/v1'], ['api', 'networking/v1'],
  ['api', 'scheduling/v1'], ['api', 'authentication/v1'], ['api', 'autoscaling/v1'], ['api', 'autoscaling/v2'], ['api', 'coordination/v1'], ['api', 'discovery/v1'],
  ['api', 'storage/v1'], ['api', 'events/v1'], ['api', 'scheduling/v1alpha3'], ['api', 'authorization/v1'], ['api', 'certificates/v1'],
  ['machinery', 'pkg/apis/meta/v1'], ['machinery', 'pkg/api/resource'], ['machinery', 'pkg/util/intstr'], ['machinery', 'pkg/runtime'],
];

/** The kinds kubectl's typed clients send (and what they reach). */
const ROOTS = [
  'k8s.io.api.apps.v1.Deployment', 'k8s.io.api.apps.v1.DaemonSet', 'k8s.io.api.apps.v1.StatefulSet', 'k8s.io.api.apps.v1.ReplicaSet',
  'k8s.io.api.core.v1.Pod', 'k8s.io.api.core.v1.Service', 'k8s.io.api.core.v1.ConfigMap', 'k8s.io.api.core.v1.Secret', 'k8s.io.api.core.v1.Namespace',
  'k8s.io.api.core.v1.ServiceAccount', 'k8s.io.api.core.v1.ResourceQuota', 'k8s.io.api.core.v1.PersistentVolumeClaim', 'k8s.io.api.core.v1.PersistentVolume',
  'k8s.io.api.core.v1.Node', 'k8s.io.api.core.v1.Binding', 'k8s.io.api.core.v1.Event', 'k8s.io.api.core.v1.LimitRange', 'k8s.io.api.core.v1.Endpoints',
  'k8s.io.api.batch.v1.Job', 'k8s.io.api.batch.v1.CronJob', 'k8s.io.api.policy.v1.Eviction', 'k8s.io.api.policy.v1beta1.Eviction', 'k8s.io.api.policy.v1.PodDisruptionBudget',
  'k8s.io.api.rbac.v1.Role', 'k8s.io.api.rbac.v1.ClusterRole', 'k8s.io.api.rbac.v1.RoleBinding', 'k8s.io.api.rbac.v1.ClusterRoleBinding',
  'k8s.io.api.networking.v1.Ingress', 'k8s.io.api.networking.v1.NetworkPolicy', 'k8s.io.api.scheduling.v1.PriorityClass',
  'k8s.io.api.authentication.v1.TokenRequest', 'k8s.io.api.autoscaling.v1.Scale', 'k8s.io.api.autoscaling.v1.HorizontalPodAutoscaler', 'k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler',
  'k8s.io.api.coordination.v1.Lease', 'k8s.io.api.discovery.v1.EndpointSlice', 'k8s.io.api.storage.v1.StorageClass', 'k8s.io.api.events.v1.Event',
  'k8s.io.api.authorization.v1.SelfSubjectAccessReview', 'k8s.io.api.authorization.v1.SelfSubjectRulesReview', 'k8s.io.api.authorization.v1.SubjectAccessReview',
  'k8s.io.api.authorization.v1.LocalSubjectAccessReview', 'k8s.io.api.authentication.v1.SelfSubjectReview', 'k8s.io.api.authentication.v1.TokenReview',
  'k8s.io.api.certificates.v1.CertificateSigningRequest',
  'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions', 'k8s.io.apimachinery.pkg.runtime.Unknown',
];

/** Decoded by hand (their JSON form is not their proto form). */
const SPECIAL = new Set([
  'k8s.io.apimachinery.pkg.apis.meta.v1.Time', 'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime', 'k8s.io.apimachinery.pkg.apis.meta.v1.Duration',
  'k8s.io.apimachinery.pkg.api.resource.Quantity', 'k8s.io.apimachinery.pkg.util.intstr.IntOrString', 'k8s.io.apimachinery.pkg.runtime.RawExtension', 'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1',
]);

function main(apiRepo: string, machRepo: string): void {
  const git = (repo: string, ...a: string[]): string => execFileSync('git', ['-C', repo, ...a], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const messages = new Map<string, { fields: ProtoFieldDef[]; go: Record<string, GoTag> }>();
  for (const [which, dir] of PACKAGES) {
    const repo = which === 'api' ? apiRepo : machRepo;
    const proto = git(repo, 'show', `HEAD:${dir}/generated.proto`);
    const pkg = /^package ([\w.]+);/m.exec(proto)?.[1] ?? '';
    // Go struct tags: struct -> proto field number -> JSON name, omitempty, pointer, inline.
    const tags = new Map<string, Record<string, GoTag>>();
    const goFiles = git(repo, 'ls-tree', '--name-only', 'HEAD', `${dir}/`).split('\n').filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && !f.includes('generated'));
    for (const f of goFiles) {
      let cur: Record<string, GoTag> | undefined;
      for (const line of git(repo, 'show', `HEAD:${f}`).split('\n')) {
        const s = /^type (\w+) struct \{/.exec(line);
        if (s) {
          cur = tags.get(s[1] as string) ?? {};
          tags.set(s[1] as string, cur);
          continue;
        }
        if (line.startsWith('}')) cur = undefined;
        const m = cur && /^\t(?:(\w+)\s+)?([\w.*[\]]+)\s+`(.*)`/.exec(line);
        const pb = m && /protobuf:"(\w+),(\d+),(\w+)(?:,name=(\w+))?/.exec(m[3] as string);
        if (!cur || !m || !pb) continue;
        const json = /json:"([^"]*)"/.exec(m[3] as string);
        const parts = (json?.[1] ?? '').split(',');
        const embedded = !m[1];
        cur[pb[2] as string] = { json: parts[0] ?? '', omitempty: parts.includes('omitempty'), ptr: (m[2] as string).startsWith('*'), inline: parts[0] === '' && (embedded || parts.includes('inline') || json !== null) };
      }
    }
    const qualify = (t0: string): string => {
      const t = t0.replace(/^\./, '');
      return SCALAR.test(t) || t.includes('.') ? t : `${pkg}.${t}`;
    };
    let cur: ProtoFieldDef[] | undefined;
    for (const line of proto.split('\n')) {
      const s = /^message (\w+) \{/.exec(line);
      if (s) {
        cur = [];
        messages.set(`${pkg}.${s[1]}`, { fields: cur, go: tags.get(s[1] as string) ?? {} });
        continue;
      }
      if (line === '}') cur = undefined;
      if (!cur) continue;
      const f = /^ {2}(optional|repeated) ([\w.]+) (\w+) = (\d+);/.exec(line);
      const mp = /^ {2}map<([\w.]+), ([\w.]+)> (\w+) = (\d+);/.exec(line);
      if (f) cur.push({ no: Number(f[4]), name: f[3] as string, type: qualify(f[2] as string), repeated: f[1] === 'repeated' });
      else if (mp) cur.push({ no: Number(mp[4]), name: mp[3] as string, type: 'map', key: qualify(mp[1] as string), value: qualify(mp[2] as string) });
    }
  }
  const keep = new Set<string>();
  const visit = (n: string): void => {
    if (keep.has(n) || SPECIAL.has(n) || SCALAR.test(n)) return;
    const msg = messages.get(n);
    if (!msg) {
      console.error('missing', n);
      return;
    }
    keep.add(n);
    for (const f of msg.fields) visit(f.type === 'map' ? (f.value as string) : f.type);
  };
  ROOTS.forEach(visit);
  const short = (n: string): string => n.replace(/^k8s\.io\.api\./, '').replace(/^k8s\.io\.apimachinery\.pkg\.(apis\.)?/, '');
  const rows: string[] = [];
  for (const n of [...keep].sort()) {
    const msg = messages.get(n) as { fields: ProtoFieldDef[]; go: Record<string, GoTag> };
    const fields = msg.fields.map((f) => {
      const g = msg.go[String(f.no)] ?? { json: f.name, omitempty: true, ptr: false, inline: false };
      const flags = (f.repeated ? 1 : 0) | (g.ptr ? 2 : 0) | (g.omitempty ? 4 : 0) | (g.inline ? 8 : 0);
      const type = f.type === 'map' ? `map<${short(f.key as string)},${short(f.value as string)}>` : short(f.type);
      const row: (string | number)[] = [f.no, g.inline ? '' : g.json || f.name, type];
      if (flags) row.push(flags);
      return row;
    });
    rows.push(`  '${short(n)}': ${JSON.stringify(fields)},`);
  }
  const apiCommit = git(apiRepo, 'rev-parse', 'HEAD').trim().slice(0, 12);
  const machCommit = git(machRepo, 'rev-parse', 'HEAD').trim().slice(0, 12);
  writeFileSync(
    fileURLToPath(new URL('./k8s-proto-schema.ts', import.meta.url)),
    `// GENERATED from kubernetes/api@${apiCommit} and kubernetes/apimachinery@${machCommit}
// (generated.proto for field numbers and types, types.go struct tags for JSON names): the
// messages reachable from the built-in kinds kubectl's typed clients send as protobuf.
// Row: [field number, JSON name ('' = inlined), type, flags: 1 repeated, 2 pointer, 4 omitempty, 8 inline].
export type ProtoField = [no: number, json: string, type: string, flags?: number];
export const PROTO_SCHEMA: Record<string, ProtoField[]> = {
${rows.join('\n')}
};
`,
  );
  console.log(keep.size, 'messages');
}

const [apiRepo, machRepo] = process.argv.slice(2);
if (!apiRepo || !machRepo) {
  console.error('usage: gen-schema.ts <kubernetes/api checkout> <kubernetes/apimachinery checkout>');
  process.exit(2);
}
main(apiRepo, machRepo);
