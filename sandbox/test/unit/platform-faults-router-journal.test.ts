/** Unit tests: fault rule matching (nth/count/seeded rate), router precedence, journal redaction, latency. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatternRouter } from '../../src/arm/router';
import { RuleFaultInjector } from '../../src/faults/fault-injector';
import { parseFaultFile } from '../../src/faults/fault-rules';
import { RequestJournal } from '../../src/journal/request-journal';
import { createLatencyProfile } from '../../src/time/latency-profiles';

describe('fault injector', () => {
  it('fires at the nth matching call for count calls', () => {
    const f = new RuleFaultInjector(parseFaultFile({ rules: [{ kind: 'throttle', method: 'PUT', path: '/vms/a$', nth: 2, count: 2 }] }));
    const at = (path: string, method = 'PUT') => f.take({ kind: 'throttle', method, path });
    assert.equal(at('/vms/b'), undefined, 'other path does not count');
    assert.equal(at('/vms/a', 'GET'), undefined, 'other method does not count');
    assert.equal(at('/vms/a'), undefined);
    assert.equal(at('/vms/a')?.status, 429);
    assert.equal(at('/vms/A')?.retryAfterSeconds, 1, 'path regex is case-insensitive; default Retry-After 1');
    assert.equal(at('/vms/a'), undefined);
    assert.equal(f.take({ kind: 'server-error', method: 'PUT', path: '/vms/a' }), undefined, 'kinds are separate');
  });

  it('is deterministic at a rate with the same seed', () => {
    const run = () => {
      const f = new RuleFaultInjector(parseFaultFile({ seed: 42, rules: [{ kind: 'ssh-drop', rate: 0.3 }] }));
      return Array.from({ length: 40 }, () => (f.take({ kind: 'ssh-drop', method: 'SSH', path: 'node-1 kubeadm init' }) ? 1 : 0)).join('');
    };
    const a = run();
    assert.equal(a, run());
    assert.ok(a.includes('1') && a.includes('0'));
  });

  it('notifies listeners and fills defaults per kind', () => {
    const f = new RuleFaultInjector(parseFaultFile({ rules: [{ kind: 'vm-provisioning-failed', path: 'node-2' }, { kind: 'server-error', status: 503 }] }));
    const seen: string[] = [];
    f.onFault((hit) => seen.push(hit.kind));
    assert.equal(f.take({ kind: 'vm-provisioning-failed', method: 'PUT', path: '/virtualMachines/node-2' })?.code, 'OSProvisioningTimedOut');
    assert.equal(f.take({ kind: 'server-error', method: 'GET', path: '/x' })?.code, 'ServiceUnavailable');
    assert.deepEqual(seen, ['vm-provisioning-failed', 'server-error']);
  });

  it('rejects bad rule files with a one-line reason', () => {
    assert.throws(() => parseFaultFile({ rules: [{ kind: 'nope' }] }), /invalid faults: rules\.0\.kind/);
    assert.throws(() => parseFaultFile({ rules: [{ kind: 'throttle', path: '(' }] }), /regular expression/);
    assert.throws(() => parseFaultFile({ rules: [{ kind: 'throttle', nth: 1, rate: 0.5 }] }), /either nth or rate/);
  });
});

describe('router', () => {
  it('matches literals case-insensitively, keeps param casing, prefers specific patterns', () => {
    const r = new PatternRouter();
    const h = () => ({ status: 200 });
    r.add({ methods: ['GET'], pattern: '/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}', apiVersions: '*', handler: h });
    r.add({ methods: ['GET', 'PUT'], pattern: '/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{name}', apiVersions: '*', handler: h });
    const m = r.match('PUT', ['subscriptions', 'S1', 'RESOURCEGROUPS', 'My-RG', 'providers', 'microsoft.network', 'VIRTUALNETWORKS', 'VNet']);
    assert.equal(m.kind, 'match');
    if (m.kind === 'match') assert.deepEqual(m.params, { s: 'S1', rg: 'My-RG', name: 'VNet' });
    assert.equal(r.match('DELETE', ['subscriptions', 's', 'resourcegroups', 'rg', 'providers', 'Microsoft.Network', 'virtualNetworks', 'v']).kind, 'method-not-allowed');
    assert.equal(r.match('GET', ['subscriptions']).kind, 'none');
  });
});

describe('journal', () => {
  it('redacts secrets, custom data, keys and JWTs', () => {
    const j = new RequestJournal(2);
    j.add({ requestId: '1', time: '', receivedAtMs: 0, method: 'PUT', path: '/a', apiVersion: 'v', status: 201, durationMs: 1, requestBody: { properties: { osProfile: { customData: 'SECRET', adminPassword: 'p', linuxConfiguration: { ssh: { publicKeys: [{ keyData: 'ssh-ed25519 AAA' }] } } }, note: 'eyJhbGciOi.eyJzdWIi.sig', size: 'Standard_B2s' } } });
    const text = JSON.stringify(j.list());
    assert.ok(!text.includes('SECRET') && !text.includes('ssh-ed25519') && !text.includes('eyJhbGciOi') && !text.includes('"p"'), text);
    assert.ok(text.includes('Standard_B2s'));
    j.add({ requestId: '2', time: '', receivedAtMs: 0, method: 'GET', path: '/b', apiVersion: 'v', status: 200, durationMs: 1 });
    j.add({ requestId: '3', time: '', receivedAtMs: 0, method: 'GET', path: '/c', apiVersion: 'v', status: 200, durationMs: 1 });
    assert.deepEqual(j.list().map((e) => e.seq), [2, 3], 'capacity bounds the journal');
    assert.deepEqual(j.list(2).map((e) => e.seq), [3]);
  });
});

describe('latency profiles', () => {
  it('is zero when instant and scales realistic figures by speed', () => {
    assert.equal(createLatencyProfile('instant').duration('vm.create'), 0);
    const normal = createLatencyProfile('realistic', 1).duration('vm.create');
    assert.ok(normal >= 20_000);
    assert.equal(createLatencyProfile('realistic', 4).duration('vm.create'), Math.round(normal / 4));
    assert.equal(createLatencyProfile('realistic').duration('something.unknown'), createLatencyProfile('realistic').duration('default'));
    assert.throws(() => createLatencyProfile('realistic', 0));
  });
});
