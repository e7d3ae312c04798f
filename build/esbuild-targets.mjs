// The esbuild options of each bundle build.mjs makes, shared with the tests that build one the same
// way (test/unit/build/preload-bundle.test.ts). Main and the sandbox keep node_modules external
// (electron-builder packs them) but bundle our own workspace packages (@flatkube/*: their sources
// are TypeScript); the CLI bundles its packages as well (see cliTarget); the preload is one
// self-contained CommonJS file because Electron's sandboxed preloads cannot load modules.
const common = { bundle: true, platform: 'node', sourcemap: true, logLevel: 'warning', target: 'node20' };

/** Like `packages: 'external'`, except for the workspace's own packages. */
const externalExceptWorkspace = {
  name: 'external-except-workspace',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@flatkube/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const nodeBundle = { ...common, format: 'esm', plugins: [externalExceptWorkspace] };

export const mainTarget = { ...nodeBundle, entryPoints: ['electron/main.ts'], outfile: 'dist/main/main.mjs' };
export const preloadTarget = { ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/preload/preload.cjs', format: 'cjs', external: ['electron'] };
/**
 * The CLI is split where it imports lazily (the commands), so `flatkube --help`, an unknown command or
 * `flatkube sandbox` do not load every Azure SDK first: in one file, every package any command
 * imports is a static import at the top, loaded before the first line runs. The chunks sit beside
 * cli.mjs: the sandbox's launcher finds its process file from where its code is (../sandbox/).
 */
export const cliTarget = {
  ...common,
  format: 'esm',
  entryPoints: { cli: 'electron/cli.ts' },
  outdir: 'dist/cli',
  splitting: true,
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // Unlike main, the CLI bundles its packages too: loading them from node_modules file by file
  // (about 1,500 files for `flatkube list`, 357 of them @azure/arm-network's) cost 1.0 s of CPU a
  // run against 0.45 s bundled (measured 2026-12-07), and the tests run the CLI about 70 times.
  // ssh2 stays a package: it finds its optional native crypto binding from its own folder.
  external: ['electron', 'ssh2'],
  // The CommonJS packages inside an ES module bundle still call require and read __dirname.
  banner: {
    js: "import { createRequire as __flatkubeRequire } from 'node:module'; import { fileURLToPath as __flatkubeFileUrl } from 'node:url'; import { dirname as __flatkubeDirname } from 'node:path'; const require = __flatkubeRequire(import.meta.url); const __filename = __flatkubeFileUrl(import.meta.url); const __dirname = __flatkubeDirname(__filename);",
  },
};
/** The sandbox's own process (@flatkube/sandbox/process finds it next to main and cli: ../sandbox/). */
export const sandboxTarget = { ...nodeBundle, entryPoints: ['sandbox/src/main.ts'], outfile: 'dist/sandbox/sandbox.mjs' };
