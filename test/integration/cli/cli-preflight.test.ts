// `flatkube preflight --spec F --sandbox`: the app's preflight service against the embedded
// sandbox, findings with code, severity, message and fix; exit 1 when one blocks.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { example, run } from './run-cli';

describe('flatkube preflight --sandbox', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'fk-cli-preflight-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('passes the example spec; only the offline Kubernetes probe is reported, as a warning with its fix', () => {
    const r = run(['preflight', '--spec', example, '--sandbox', '--offline'], dataDir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^preflight against the sandbox \(simulated Azure\) at https:\/\/127\.0\.0\.1:\d+:$/m);
    assert.match(r.stdout, /^WARNING K8S_VERSION_UNVERIFIED: Could not verify Kubernetes v1\.35\.3: /m);
    assert.match(r.stdout, /^ {8}fix: /m);
    assert.doesNotMatch(r.stdout, /^ERROR /m);
    assert.match(r.stdout, /^ok {3}no blocking finding/m);
    assert.equal(r.stderr, '');
  });

  it('exits 1 with a one-line reason when a finding blocks, and prints each finding with its fix', () => {
    const spec = join(dataDir, 'a1.yaml');
    const text = readFileSync(example, 'utf8').replace(/workers:\n {2}count: 2\n {2}size: Standard_B2s/, 'workers:\n  count: 1\n  size: Standard_A1_v2');
    assert.notEqual(text, readFileSync(example, 'utf8'));
    writeFileSync(spec, text);
    const r = run(['preflight', '--spec', spec, '--sandbox', '--offline'], dataDir);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const lines = r.stdout.split('\n');
    const i = lines.findIndex((l) => l.startsWith('ERROR   SIZE_INCOMPATIBLE: '));
    assert.ok(i >= 0, r.stdout);
    assert.match(lines[i + 1] ?? '', /^ {8}fix: \S/);
    assert.equal(r.stderr, 'flatkube preflight: 1 blocking finding(s): SIZE_INCOMPATIBLE\n');
  });

  it('a subscription the sandbox does not have is a blocking finding', () => {
    const spec = join(dataDir, 'sub.yaml');
    writeFileSync(spec, readFileSync(example, 'utf8').replace('0fa7c0be-5a4d-4b0c-8e11-f1a7c0be5a4d', '11111111-2222-3333-4444-555555555555'));
    const r = run(['preflight', '--spec', spec, '--sandbox', '--offline'], dataDir);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^ERROR {3}SUBSCRIPTION_UNAVAILABLE: The sandbox has no subscription 11111111-2222-3333-4444-555555555555\.$/m);
  });

  it('without --sandbox: spec-only checks, exit 0', () => {
    const r = run(['preflight', '--spec', example], dataDir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /add --sandbox/);
    assert.doesNotMatch(r.stdout, /preflight against the sandbox/);
  });
});
