// The esbuild options of each bundle build.mjs makes, shared with the tests that build one the same
// way (test/unit/build/preload-bundle.test.ts). Main and CLI keep node_modules external
// (electron-builder packs them); the preload is one self-contained CommonJS file because
// Electron's sandboxed preloads cannot load modules.
const common = { bundle: true, platform: 'node', sourcemap: true, logLevel: 'warning', target: 'node20' };

export const mainTarget = { ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/main/main.mjs', format: 'esm', packages: 'external' };
export const preloadTarget = { ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/preload/preload.cjs', format: 'cjs', external: ['electron'] };
export const cliTarget = { ...common, entryPoints: ['electron/cli.ts'], outfile: 'dist/cli/cli.mjs', format: 'esm', packages: 'external' };
