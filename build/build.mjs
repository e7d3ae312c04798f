// Builds main, preload and the CLI with esbuild. The renderer is built by Vite (build/vite.config.ts).
// Main and CLI keep node_modules external (electron-builder packs them); the preload is one
// self-contained CommonJS file because Electron's sandboxed preloads cannot load modules.
import { build } from 'esbuild';
import { chmod, mkdir } from 'node:fs/promises';

const common = { bundle: true, platform: 'node', sourcemap: true, logLevel: 'warning', target: 'node20' };

await mkdir('dist', { recursive: true });
await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/main/main.mjs', format: 'esm', packages: 'external' }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/preload/preload.cjs', format: 'cjs', external: ['electron'] }),
  build({
    ...common,
    entryPoints: ['electron/cli.ts'],
    outfile: 'dist/cli/cli.mjs',
    format: 'esm',
    packages: 'external',
  }),
]);
await chmod('dist/cli/cli.mjs', 0o755);
console.log('built dist/main, dist/preload, dist/cli');
