import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { repairSecretFileMode, writeSecretFile } from '../../../electron/services/secrets/write-secret-file';

const posix = process.platform !== 'win32';

describe('writeSecretFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'flatkube-wsf-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the file (and missing folders) with mode 0600 and leaves no temp files', async () => {
    const file = path.join(dir, 'a', 'b', 'secret.bin');
    await writeSecretFile(file, Buffer.from('s3cret'));
    assert.equal(await readFile(file, 'utf8'), 's3cret');
    if (posix) {
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.equal((await stat(path.dirname(file))).mode & 0o777, 0o700);
    }
    assert.deepEqual(await readdir(path.dirname(file)), ['secret.bin']);
  });

  it('replaces an existing world-readable file with a 0600 one', { skip: !posix }, async () => {
    const file = path.join(dir, 'token.json');
    await writeFile(file, 'old');
    await chmod(file, 0o644);
    await writeSecretFile(file, 'new');
    assert.equal(await readFile(file, 'utf8'), 'new');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it('repairSecretFileMode tightens a loose file and reports whether it did', { skip: !posix }, async () => {
    const file = path.join(dir, 'k');
    await writeFile(file, 'x');
    await chmod(file, 0o640);
    assert.equal(await repairSecretFileMode(file), true);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(await repairSecretFileMode(file), false);
  });
});
