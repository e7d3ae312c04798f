import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_CUSTOM_DATA_CHARS,
  validateAdminUsername,
  validateCustomData,
  validateVmName,
} from '../../src/providers/compute/vm-rules';

const code = (c: string) => (e: { code?: string; target?: string }) => e.code === c;

test('custom data: base64 only, at most 87380 characters, absent is fine', () => {
  assert.equal(validateCustomData(undefined), undefined);
  assert.equal(validateCustomData(''), '');
  assert.equal(validateCustomData('eyJhIjoxfQ=='), 'eyJhIjoxfQ==');
  assert.equal(validateCustomData('A'.repeat(MAX_CUSTOM_DATA_CHARS))?.length, 87380);
  for (const bad of ['{"ignition":{}}', 'abc', 'ab=c', 'A'.repeat(MAX_CUSTOM_DATA_CHARS + 4), 42]) {
    assert.throws(() => validateCustomData(bad), (e: { code?: string; target?: string }) => e.code === 'InvalidParameter' && e.target === 'customData');
  }
});

test('admin usernames: required, reserved names refused case-insensitively, core accepted', () => {
  assert.equal(validateAdminUsername('core'), 'core');
  for (const reserved of ['admin', 'ROOT', 'Administrator', 'user1', 'support_388945a0', 'guest']) {
    assert.throws(() => validateAdminUsername(reserved), code('InvalidParameter'), reserved);
  }
  assert.throws(() => validateAdminUsername(undefined), code('InvalidParameter'));
});

test('VM names: 1-64, no special characters, not starting with _, not ending with . or -', () => {
  for (const ok of ['node-1', 'cp.0', 'A', 'n'.repeat(64), 'a_b']) assert.doesNotThrow(() => validateVmName(ok), ok);
  for (const bad of ['_x', 'x-', 'x.', 'n'.repeat(65), 'a b', 'a@b', 'a/b', 'a(b)']) {
    assert.throws(() => validateVmName(bad), code('InvalidResourceName'), bad);
  }
});
