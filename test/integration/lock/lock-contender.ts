/**
 * One contender for a cluster lock, run as its own process by cluster-lock.test.ts:
 *   node --import tsx lock-contender.ts <lock file> <operation id> hold|try
 * Prints one JSON line: {"got": true, "tookOver": ...} or {"got": false, "code", "message", "hint"}.
 * `hold` keeps the lock until stdin closes (or the process is killed); `try` releases it at once.
 */
import { acquireClusterLock } from '../../../electron/services/cluster/lock/cluster-lock';
import { AppError } from '../../../electron/services/errors';

const [file, operationId, mode] = process.argv.slice(2);
try {
  const lock = await acquireClusterLock(file!, { cluster: 'dev', operation: 'apply', operationId: operationId! });
  process.stdout.write(JSON.stringify({ got: true, pid: process.pid, ...(lock.tookOver ? { tookOver: lock.tookOver } : {}) }) + '\n');
  if (mode === 'hold') {
    process.stdin.resume();
    await new Promise((resolve) => process.stdin.on('end', resolve));
  }
  await lock.release();
  process.exit(0);
} catch (err) {
  const e = err as AppError;
  process.stdout.write(JSON.stringify({ got: false, pid: process.pid, code: e instanceof AppError ? e.code : 'ERROR', message: e.message, hint: e.hint }) + '\n');
  process.exit(1);
}
