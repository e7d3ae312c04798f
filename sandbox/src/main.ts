/**
 * The sandbox's own process (see process.ts): `node main.mjs --stop-on-stdin-end [flatkube sandbox flags]`.
 * Built to dist/sandbox/sandbox.mjs; run from source under tsx.
 */
import { runSandboxCommand } from './cli-sandbox';

process.exitCode = await runSandboxCommand(process.argv.slice(2));
