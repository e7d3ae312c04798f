import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { renderExports } from '../services/cluster/engine/exports';
import { validatePlan } from '../services/cluster/plan/graph';
import { buildPlan } from '../services/cluster/plan/build-plan';
import { renderIgnitionJson } from '../services/cluster/render/ignition';
import { toCustomData } from '../services/cluster/render/custom-data';
import { clusterNodes } from '../../shared/domain/cluster-layout';
import { writeSecretFile } from '../services/secrets/write-secret-file';
import { generateHostKeyPair } from '../services/ssh/keys';
import { parseFlags, UsageError } from './args';
import { SpecError } from './command-errors';
import { loadSpecArg } from './spec-arg';

/** `flatkube render --spec F --out DIR`: Ignition per node, kubeadm config, az script, plan. */
export async function runRender(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { spec: 'string', out: 'string' });
  const spec = await loadSpecArg(flags.spec);
  if (typeof flags.out !== 'string') throw new UsageError('--out DIR is required');
  const out = path.resolve(flags.out);
  const ex = renderExports(spec);
  await mkdir(out, { recursive: true });
  // Ignition files hold the nodes' SSH host private keys: 0600 like every secret file.
  for (const [node, json] of Object.entries(ex.ignition)) await writeSecretFile(path.join(out, 'ignition', `${node}.ign.json`), json);
  for (const [file, yaml] of Object.entries(ex.kubeadm)) await writeSecretFile(path.join(out, 'kubeadm', file), yaml);
  const script = path.join(out, `create-${spec.name}.sh`);
  await writeSecretFile(script, ex.azScript);
  await chmod(script, 0o700);
  const planText = ex.plan.map((s) => `## ${s.id}: ${s.title}\nafter: ${s.dependsOn.join(', ') || '-'}\n${s.explain}\n\n    ${s.az.split('\n').join('\n    ')}\n`).join('\n');
  await writeSecretFile(path.join(out, 'plan.md'), `# Plan for ${spec.name}\n\n${planText}`);
  console.log(`rendered ${Object.keys(ex.ignition).length} Ignition configs, kubeadm/init.yaml, create-${spec.name}.sh and plan.md into ${out}`);
  return 0;
}

/**
 * `flatkube preflight --spec F`. Spec-only checks for now (schema, plan graph, custom data size,
 * sysext pin): the Azure-side preflight (quota, SKU, image, terms) lives in the app's services
 * and is not wired into the CLI yet; the output says so.
 */
export async function runPreflight(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { spec: 'string' });
  const spec = await loadSpecArg(flags.spec);
  const problems: string[] = [];
  const planProblems = validatePlan(buildPlan(spec));
  problems.push(...planProblems.map((p) => `plan: ${p}`));
  for (const node of clusterNodes(spec)) {
    try {
      const json = renderIgnitionJson({
        spec,
        node,
        hostKey: generateHostKeyPair(node.name),
        ...(node.role === 'control-plane' ? { controlPlanePublicIp: '203.0.113.255' } : {}),
      });
      const b64 = toCustomData(json);
      console.log(`ok   ${node.name}: Ignition renders, custom data ${b64.length} base64 characters (limit 87380)`);
    } catch (err) {
      problems.push(`${node.name}: ${(err as Error).message}`);
    }
  }
  console.log('note: spec-only checks; quota, SKU, image and terms are checked against Azure by the app (not by this CLI yet)');
  if (problems.length === 0) {
    console.log(`ok   spec ${spec.name}: valid (${clusterNodes(spec).length} nodes, Kubernetes ${spec.kubernetesVersion}, ${spec.cni})`);
    return 0;
  }
  for (const p of problems) console.log(`FAIL ${p}`);
  throw new SpecError(`preflight found ${problems.length} problem(s): ${problems[0]}`);
}
