// A sandbox killed while it seeds a subscription's role assignments must restart with its first
// user still Owner. Every state the state file ever holds on the way is looked at (each atomic
// rename of state.json): none may say "seeded" without the Owner assignment. The mark used to be
// written first, and an e2e test whose backend was killed there resumed into AuthorizationFailed
// on roleAssignments/write (wizard-sandbox-restart, two loaded runs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs, { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_USERS } from '../../src/identity/sandbox-users';
import { armToken, call, startTestSandbox } from '../helpers/platform';

const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
type State = { state: Record<string, Record<string, { value: { principalId?: string; roleDefinitionGuid?: string } | boolean }>> };

test("every state written while seeding a subscription's roles that says seeded has the first user as Owner", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fk-seed-crash-'));
  const states: State[] = [];
  const rename = fs.renameSync;
  fs.renameSync = (from, to) => {
    if (String(to).endsWith('state.json')) states.push(JSON.parse(readFileSync(from, 'utf8')) as State);
    rename(from, to);
  };
  syncBuiltinESMExports();
  const sb = await startTestSandbox({ stateDir: join(dir, 'state'), log: () => {} });
  try {
    const sub = sb.info.subscriptionId;
    const token = await armToken(sb);
    const before = states.length;
    const r = await call(sb, 'GET', `/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(r.status, 200);
    const seeding = states.slice(before);
    assert.ok(seeding.some((s) => s.state['authorization.seeded']?.[sub.toLowerCase()]?.value === true), 'the list seeded the subscription');
    for (const [i, s] of seeding.entries()) {
      if (s.state['authorization.seeded']?.[sub.toLowerCase()]?.value !== true) continue;
      const owner = Object.values(s.state['authorization.roleAssignments'] ?? {}).some(
        (e) => typeof e.value === 'object' && e.value.principalId === SANDBOX_USERS[0]!.oid && e.value.roleDefinitionGuid === OWNER,
      );
      assert.ok(owner, `write ${i + 1} of ${seeding.length} says seeded but holds no Owner for ${SANDBOX_USERS[0]!.upn}`);
    }
  } finally {
    fs.renameSync = rename;
    syncBuiltinESMExports();
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
