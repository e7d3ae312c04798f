import path from 'node:path';
import { createBackend } from '../../electron/backend/backend';
import { startBrowserMode } from '../../electron/browser-mode';
import { instantSandbox } from './harness';

// The real backend (browser mode, instant sandbox) in a process of its own, so an e2e test can
// kill it mid-deployment (SIGKILL: no cleanup, like a crash or a closed laptop) and restart on the
// same data folder. Usage: node --import tsx test/e2e/backend-process.ts <dataDir>; prints the URL.
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: backend-process.ts <dataDir>');
const sandbox = instantSandbox();
const backend = createBackend({ shell: 'browser', dataDir, azure: { startSandbox: sandbox.start(dataDir) } });
const server = await startBrowserMode({ backend, rendererDir: path.resolve('dist/renderer') });
// A one-time sign-in link, for the one page the test opens; it goes through a pipe, not argv.
process.stdout.write(`${JSON.stringify({ url: server.signInUrl() })}\n`);
