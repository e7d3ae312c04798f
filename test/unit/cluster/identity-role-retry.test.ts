// The identity's role assignment: retried while Azure does not know a new principal yet
// (PrincipalNotFound), visibly, and only then; its name is a GUID fixed by scope, principal and role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryWhilePrincipalNotFound } from '../../../electron/services/cluster/engine/identity-steps';
import { roleAssignmentName } from '../../../electron/services/cluster/engine/identity-ids';
import { StepError } from '../../../electron/services/cluster/engine/types';

/** What @azure/arm-authorization throws for an ARM error (a RestError with Azure's code). */
function armError(code: string, statusCode = 400): Error {
  return Object.assign(new Error(`${code}: ...`), { code, statusCode });
}

test('PrincipalNotFound twice, then created: three attempts, two waits logged', async () => {
  const logs: string[] = [];
  let calls = 0;
  const r = await retryWhilePrincipalNotFound(
    async () => {
      calls++;
      if (calls < 3) throw armError('PrincipalNotFound');
      return 'assigned';
    },
    { attempts: 5, delayMs: 0, log: (t) => logs.push(t) },
  );
  assert.equal(r, 'assigned');
  assert.equal(calls, 3);
  assert.equal(logs.length, 2);
  assert.match(logs[0]!, /PrincipalNotFound.*attempt 2 of 5/);
  assert.match(logs[1]!, /attempt 3 of 5/);
});

test('any other error is not retried', async () => {
  let calls = 0;
  await assert.rejects(
    retryWhilePrincipalNotFound(
      async () => {
        calls++;
        throw armError('AuthorizationFailed', 403);
      },
      { attempts: 5, delayMs: 0, log: () => {} },
    ),
    /AuthorizationFailed/,
  );
  assert.equal(calls, 1);
});

test('still unknown after every attempt: a step error that says to resume later, with Azure\'s code', async () => {
  let calls = 0;
  const err = await retryWhilePrincipalNotFound(
    async () => {
      calls++;
      throw armError('PrincipalNotFound');
    },
    { attempts: 4, delayMs: 0, log: () => {} },
  ).catch((e: unknown) => e);
  assert.equal(calls, 4);
  assert.ok(err instanceof StepError);
  assert.equal(err.azureCode, 'PrincipalNotFound');
  assert.match(err.hint ?? '', /Resume/);
});

test('a cancel during the wait stops the retries', async () => {
  const ac = new AbortController();
  let calls = 0;
  const p = retryWhilePrincipalNotFound(
    async () => {
      calls++;
      throw armError('PrincipalNotFound');
    },
    { attempts: 10, delayMs: 60_000, log: () => ac.abort(), signal: ac.signal },
  );
  await assert.rejects(p);
  assert.equal(calls, 1);
});

test('role assignment names: a GUID, the same for the same scope, principal and role, another for another principal', () => {
  const scope = '/subscriptions/0fa7c0be-5a4d-4b0c-8e11-f1a7c0be5a4d/resourceGroups/lab-rg';
  const role = '/subscriptions/0fa7c0be-5a4d-4b0c-8e11-f1a7c0be5a4d/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c';
  const a = roleAssignmentName(scope, 'aaaaaaaa-0000-4000-8000-000000000001', role);
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(roleAssignmentName(scope.toUpperCase(), 'AAAAAAAA-0000-4000-8000-000000000001', role), a, 'Azure ids compare case-insensitively');
  assert.notEqual(roleAssignmentName(scope, 'aaaaaaaa-0000-4000-8000-000000000002', role), a);
});
