import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VmSizeInfo } from '../../../shared/ipc/channels/azure';
import { clusterCost, money } from '../../../renderer/src/lib/cost';
import { emptyDraft, issuesByPath, issuesFor } from '../../../renderer/src/lib/draft';
import { BoundedLog, effectiveLevel, formatLine, plainLine, sanitize } from '../../../renderer/src/lib/log-format';
import { describeRegion, filterRegions, geographyGroups, mappable } from '../../../renderer/src/lib/regions';
import { DEFAULT_SIZE_FILTER, filterSizes, headroom, sortSizes } from '../../../renderer/src/lib/sizes';
import { validateClusterSpec } from '../../../shared/domain/cluster-spec';

const q = (available: number) => ({ name: 'f', label: 'f', limit: 10, used: 10 - available, available });
const size = (name: string, vCPUs: number, memoryGB: number, perHour: number | undefined, extra: Partial<VmSizeInfo> = {}): VmSizeInfo => ({
  name, family: 'standardDSv5Family', vCPUs, memoryGB, architecture: 'x64', generations: [2], quotaAllowsOne: true, belowControlPlaneMinimum: vCPUs < 2,
  ...(perHour !== undefined ? { price: { currency: 'USD', perHour, perMonth: perHour * 730 } } : {}), ...extra,
});
const SIZES = [size('Standard_D4s_v5', 4, 16, 0.192, { familyQuota: q(2), regionalQuota: q(9), quotaAllowsOne: false }), size('Standard_B2s', 2, 4, 0.0416), size('Standard_X9', 8, 32, undefined), size('Standard_B1s', 1, 1, 0.0104, { familyQuota: q(20) })];

test('sizes sort by price with unknown prices last, descending reverses, ties break on name', () => {
  assert.deepEqual(sortSizes(SIZES, 'perHour', 'asc').map((s) => s.name), ['Standard_B1s', 'Standard_B2s', 'Standard_D4s_v5', 'Standard_X9']);
  assert.deepEqual(sortSizes(SIZES, 'vCPUs', 'desc').map((s) => s.name), ['Standard_X9', 'Standard_D4s_v5', 'Standard_B2s', 'Standard_B1s']);
  assert.deepEqual(sortSizes(SIZES, 'name', 'asc').map((s) => s.name)[0], 'Standard_B1s');
});

test('headroom is the smaller of family and regional quota; filters combine', () => {
  assert.equal(headroom(SIZES[0]!), 2);
  assert.equal(headroom(SIZES[1]!), undefined);
  assert.deepEqual(sortSizes(SIZES, 'headroom', 'desc').map((s) => s.name).slice(0, 2), ['Standard_B1s', 'Standard_D4s_v5']);
  assert.deepEqual(filterSizes(SIZES, { ...DEFAULT_SIZE_FILTER, text: 'b' }).map((s) => s.name), ['Standard_B2s', 'Standard_B1s']);
  assert.deepEqual(filterSizes(SIZES, { ...DEFAULT_SIZE_FILTER, minVCPUs: 2, onlyAvailable: true }).map((s) => s.name), ['Standard_B2s', 'Standard_X9']);
});

const one = (size: string) => ({ size, count: 1 });
const workers = (size: string, count: number) => [{ name: 'workers', size, count }];

test('cluster cost sums the control planes and every pool per hour and per 730-hour month', () => {
  const c = clusterCost(SIZES, one('Standard_D4s_v5'), workers('Standard_B2s', 2));
  assert.ok(Math.abs(c.perHour - (0.192 + 2 * 0.0416)) < 1e-9);
  assert.ok(Math.abs(c.perMonth - c.perHour * 730) < 1e-9);
  assert.deepEqual(c.unknown, []);
  const u = clusterCost(SIZES, one('Standard_B2s'), workers('Standard_X9', 3));
  assert.deepEqual(u.unknown, ['Standard_X9']);
  assert.ok(Math.abs(u.perHour - 0.0416) < 1e-9);
  assert.equal(clusterCost(SIZES, one('Standard_B2s'), workers('Standard_B2s', 0)).lines.length, 1);
  const pools = clusterCost(SIZES, { size: 'Standard_B2s', count: 3 }, [{ name: 'workers', size: 'Standard_B2s', count: 1 }, { name: 'big', size: 'Standard_D4s_v5', count: 2 }]);
  assert.deepEqual(pools.lines.map((l) => `${l.role} ${l.count}x${l.size}`), ['Control planes 3xStandard_B2s', 'Workers 1xStandard_B2s', 'Pool big 2xStandard_D4s_v5']);
  assert.ok(Math.abs(pools.perHour - (4 * 0.0416 + 2 * 0.192)) < 1e-9);
  assert.equal(money(210.24, 'USD'), '$210.24');
});

test('log lines: colours for warn/error (also detected in the text), timestamps on/off, control codes stripped', () => {
  const line = { stream: 'cp-0', ts: Date.UTC(2026, 0, 1, 10, 0, 0, 5), level: 'info' as const, text: 'hello' };
  assert.equal(formatLine(line, { timestamps: false }), 'hello\r\n');
  // eslint-disable-next-line no-control-regex
  assert.match(formatLine(line, { timestamps: true }), /^\x1b\[2m\d\d:00:00\.005\x1b\[0m hello\r\n$/);
  assert.equal(formatLine({ ...line, level: 'warn' }, { timestamps: false }), '\x1b[33mhello\x1b[0m\r\n');
  assert.equal(formatLine({ ...line, level: 'error' }, { timestamps: false }), '\x1b[1;31mhello\x1b[0m\r\n');
  assert.equal(effectiveLevel({ ...line, text: 'E0101 10:00:07 kubelet: failed' }), 'error');
  assert.equal(effectiveLevel({ ...line, text: '[WARNING SystemVerification]' }), 'warn');
  assert.equal(effectiveLevel({ ...line, text: 'no errors here: errorsCount=0' }), 'info');
  assert.equal(sanitize('a\x1b[2Jb\x07c'), 'abc');
  // 8-bit C1 controls drive xterm.js as their 7-bit forms do: CSI, OSC (title, links), DCS.
  assert.equal(sanitize('FAILED\x9b2K\x9b1Gok \x9d8;;https://evil.example\x9clink\x9d8;;\x9c \x9d0;t\x07\x90q\x9c\x85.'), 'FAILEDok link .');
  assert.equal(sanitize('\x1b]0;title\x07a\x1bP+q\x1b\\b\x1bMc\tü✓'), 'abc\tü✓');
  assert.equal(formatLine({ ...line, text: 'a\nb' }, { timestamps: false }), 'a\r\nb\r\n');
  assert.equal(plainLine({ ...line, level: 'warn' }), '2026-01-01T10:00:00.005Z cp-0 WARN  hello');
});

test('the bounded log keeps the newest lines and counts the dropped ones', () => {
  const log = new BoundedLog(3);
  for (let i = 0; i < 5; i++) log.push({ stream: 's', ts: i, level: 'info', text: String(i) });
  assert.deepEqual(log.all().map((l) => l.text), ['2', '3', '4']);
  assert.equal(log.dropped, 2);
  // Past several compactions, size and content stay exact.
  const big = new BoundedLog(1000);
  for (let i = 0; i < 25_500; i++) big.push({ stream: 's', ts: i, level: 'info', text: String(i) });
  assert.equal(big.size, 1000);
  assert.equal(big.dropped, 24_500);
  const kept = big.all();
  assert.equal(kept.length, 1000);
  assert.equal(kept[0]!.text, '24500');
  assert.equal(kept[999]!.text, '25499');
});

test('regions: only those with coordinates are mapped; filter by text and geography; description', () => {
  const locs = [
    { name: 'westeurope', displayName: 'West Europe', geography: 'Europe', geographyGroup: 'Europe', latitude: 52.4, longitude: 4.9, pairedRegions: ['northeurope'], physicalLocation: 'Netherlands' },
    { name: 'northeurope', displayName: 'North Europe', geographyGroup: 'Europe', latitude: 53.3, longitude: -6.3, pairedRegions: ['westeurope'], physicalLocation: 'Ireland' },
    { name: 'japaneast', displayName: 'Japan East', geographyGroup: 'Asia Pacific', latitude: 35.7, longitude: 139.8, pairedRegions: [], physicalLocation: 'Tokyo, Saitama' },
    { name: 'eastusstg', displayName: 'East US STG', pairedRegions: [] },
  ];
  assert.equal(mappable(locs).length, 3);
  assert.deepEqual(geographyGroups(locs), ['Asia Pacific', 'Europe']);
  assert.deepEqual(filterRegions(locs, 'tokyo', '').map((l) => l.name), ['japaneast']);
  assert.deepEqual(filterRegions(locs, '', 'Europe').map((l) => l.name), ['northeurope', 'westeurope']);
  const byName = new Map(locs.map((l) => [l.name, l]));
  assert.equal(describeRegion(locs[0]!, byName), 'West Europe — Netherlands, Europe · paired with North Europe');
  assert.match(describeRegion(locs[2]!, byName), /no paired region/);
});

test('the empty draft validates once the user supplies subscription, region, key and IP; issues group by path', () => {
  const d = emptyDraft();
  const v = validateClusterSpec(d);
  assert.equal(v.ok, false);
  const paths = issuesByPath(v.ok ? [] : v.issues);
  assert.ok(paths.has('subscriptionId') && paths.has('location') && paths.has('ssh.publicKey') && paths.has('allowedSourceIp'));
  assert.deepEqual(issuesFor(v.ok ? [] : v.issues, ['ssh']).map((i) => i.path), ['ssh.publicKey']);
  const full = { ...d, subscriptionId: '00000000-0000-4000-8000-000000000001', location: 'westeurope', allowedSourceIp: '203.0.113.7', ssh: { publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1c3Rlcmtl demo@laptop' } };
  const ok = validateClusterSpec(full);
  assert.equal(ok.ok, true, JSON.stringify(ok));
});
