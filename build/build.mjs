// Builds main, preload, the CLI and the sandbox's process with esbuild (options in esbuild-targets.mjs). The renderer is
// built by Vite (build/vite.config.ts).
import { build } from 'esbuild';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { cliTarget, mainTarget, preloadTarget, sandboxTarget } from './esbuild-targets.mjs';

await mkdir('dist', { recursive: true });
// The CLI's chunks are named by their content's hash: last build's would stay beside the new ones.
await rm('dist/cli', { recursive: true, force: true });
await Promise.all([build(mainTarget), build(preloadTarget), build(cliTarget), build(sandboxTarget)]);
await chmod('dist/cli/cli.mjs', 0o755);
console.log('built dist/main, dist/preload, dist/cli, dist/sandbox');
