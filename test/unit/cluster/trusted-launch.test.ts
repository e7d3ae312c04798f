/**
 * Issue 12, defect 2: current az CLI releases default `az vm create` with a Gen2 image to Trusted
 * Launch, which Flatcar's Azure images do not support (flatcar/Flatcar#1249): ARM answers 400
 * BadRequest "Use of TrustedLaunch setting is not supported for the provided image ...". The
 * exported az commands ask for `--security-type Standard` explicitly.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import { az, literalNodeWords, literalWords } from '../../../electron/services/cluster/plan/az-commands';
import { buildPlan } from '../../../electron/services/cluster/plan/build-plan';
import { makeArmSpec, makeSpec } from './fixtures';

for (const [label, spec] of [
  ['x64 Gen2 (corevm-amd64 stable-gen2)', makeSpec()],
  ['Arm64 (Gen2 only)', makeArmSpec()],
  ['plan image (flatcar-container-linux-free)', makeSpec({ image: { offer: 'flatcar-container-linux-free' } })],
] as const) {
  test(`az vm create asks for --security-type Standard: ${label}`, () => {
    const w = literalWords(spec);
    for (const node of clusterNodes(spec)) {
      const cmd = az.vm(spec, w, literalNodeWords(spec, node));
      assert.match(cmd, /^az vm create /);
      assert.match(cmd, / --security-type Standard( |$)/, cmd);
      assert.doesNotMatch(cmd, /TrustedLaunch|--enable-secure-boot|--enable-vtpm/);
    }
  });
}

test('the plan shows the same az equivalent for every VM step', () => {
  const spec = makeSpec();
  const vmSteps = buildPlan(spec).steps.filter((s) => s.id.startsWith('vm:'));
  assert.ok(vmSteps.length >= 3);
  for (const s of vmSteps) assert.match(String(s.az), /--security-type Standard/);
});
