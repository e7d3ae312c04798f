import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';

// Only these files may import 'electron': the glue between Electron and the plain-Node services.
const electronGlue = ['electron/main.ts', 'electron/preload.ts', 'electron/window.ts', 'electron/ipc/electron-ipc.ts'];

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// ---- The layer map (docs/architecture.md#layers) ----
// Each folder of electron/services and the other service folders it may import. The files at
// the top of electron/services (errors.ts, abort.ts) are for every service. A new import between
// service folders is a decision: add it here, and the config refuses a cycle.
const SERVICE_DEPS = {
  app: [],
  secrets: [],
  failures: [],
  ssh: ['secrets'],
  kube: ['secrets'],
  azure: ['failures', 'secrets'],
  auth: ['azure', 'secrets'],
  session: ['auth', 'azure', 'secrets'],
  cluster: ['azure', 'failures', 'kube', 'secrets', 'ssh'],
  preflight: ['auth', 'azure', 'cluster'],
};

// The sandbox is its own package (sandbox/, @flatkube/sandbox) and runs in its own process. The
// only files of the app that may import it, and only its public entry points (the package name,
// never sandbox/src/...; never @flatkube/sandbox/testing): where the app, browser mode and the
// CLI start it.
const SANDBOX_COMPOSITION_POINTS = [
  'electron/cli.ts', // `flatkube sandbox` (@flatkube/sandbox/cli)
  'electron/cli/sandbox-session.ts', // --sandbox: spawn one, sign its user in
  'electron/cli/deploy-targets.ts', // --latency profile names
  'electron/cli/render-commands.ts', // --latency profile names
  'electron/backend/azure-services.ts', // the app's embedded sandbox (spawnSandbox)
  'electron/backend/utility-process-launcher.ts', // its Electron launcher (a type only)
];
// No service imports the sandbox: services reach it over HTTPS and SSH like Azure, and learn its
// users, CA, endpoints and CNI pins from the info it hands out at start (SandboxInfo).

const serviceEntries = readdirSync(new URL('./electron/services/', import.meta.url), { withFileTypes: true });
const serviceFolders = serviceEntries.filter((e) => e.isDirectory()).map((e) => e.name);
const serviceRootFiles = serviceEntries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => `./electron/services/${e.name}`);
for (const f of serviceFolders) {
  if (!(f in SERVICE_DEPS)) throw new Error(`eslint.config.js: electron/services/${f}/ is not in SERVICE_DEPS: say which service folders it may import`);
}
for (const [f, deps] of Object.entries(SERVICE_DEPS)) {
  for (const d of deps) if (!(d in SERVICE_DEPS)) throw new Error(`eslint.config.js: SERVICE_DEPS.${f} names ${d}, which is not a service folder`);
}
(function refuseCycles() {
  const done = new Set();
  const visit = (f, trail) => {
    if (trail.includes(f)) throw new Error(`eslint.config.js: SERVICE_DEPS has a cycle: ${[...trail.slice(trail.indexOf(f)), f].join(' -> ')}`);
    if (done.has(f)) return;
    for (const d of SERVICE_DEPS[f]) visit(d, [...trail, f]);
    done.add(f);
  };
  for (const f of Object.keys(SERVICE_DEPS)) visit(f, []);
})();

const LAYERS = 'the layer map in eslint.config.js; docs/architecture.md#layers';
const layerZones = [
  { target: './shared', from: ['./electron', './renderer'], message: `shared/ is the contract: it imports nothing from electron/ or renderer/ (${LAYERS}).` },
  { target: './renderer', from: './electron', message: `The renderer reaches main only through the typed API (${LAYERS}).` },
  {
    target: './electron/services',
    from: './electron',
    except: ['./services'],
    message: `Services are plain Node modules: they never import the backend, IPC, the CLI or the Electron glue (${LAYERS}).`,
  },
  ...(serviceRootFiles.length
    ? [{ target: serviceRootFiles, from: serviceFolders.map((f) => `./electron/services/${f}`), message: `The files at the top of electron/services (errors.ts, abort.ts) are for every service and import no service folder (${LAYERS}).` }]
    : []),
  ...serviceFolders
    .map((f) => ({ f, from: serviceFolders.filter((o) => o !== f && !SERVICE_DEPS[f].includes(o)) }))
    .filter(({ from }) => from.length > 0)
    .map(({ f, from }) => ({
      target: `./electron/services/${f}`,
      from: from.map((o) => `./electron/services/${o}`),
      message: `${f}/ may import ${SERVICE_DEPS[f].length ? SERVICE_DEPS[f].map((d) => `${d}/`).join(', ') : 'no other service folder'} (and errors.ts, abort.ts) (${LAYERS}).`,
    })),
];
const sandboxZone = {
  target: ['./electron', './shared', './renderer'],
  from: './sandbox',
  message: `Only the composition points in SANDBOX_COMPOSITION_POINTS import the sandbox, by its package name; reach it through the AzureEnvironment (${LAYERS}).`,
};
// The sandbox package stands alone: it imports nothing of the app (nor its tests), as Azure would not.
const sandboxPackageZone = {
  target: './sandbox',
  from: ['./electron', './shared', './renderer', './test', './bench'],
  message: `The sandbox package imports nothing of the app: it is reached over HTTPS and SSH, like Azure (${LAYERS}).`,
};
// Outside the package, the sandbox is used through its entry points (@flatkube/sandbox, /process,
// /cli, /testing), never its files by path.
const noSandboxByPath = {
  regex: '^(\\.{1,2}/)+(.*/)?sandbox/(src|test|scripts)(/|$)',
  message: "Use the sandbox through its package's entry points (@flatkube/sandbox, @flatkube/sandbox/testing, ...), not by path.",
};
const noElectron = { name: 'electron', message: "Only main.ts, preload.ts, window.ts and ipc/electron-ipc.ts may import 'electron'; services stay plain Node." };
const layeredFiles = ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'];
const noSandboxPackage = {
  group: ['@flatkube/sandbox', '@flatkube/sandbox/*'],
  message: 'Only the composition points in SANDBOX_COMPOSITION_POINTS (eslint.config.js) import the sandbox; services reach it over HTTPS and SSH.',
};
const noSandboxTesting = { group: ['@flatkube/sandbox/testing'], message: "@flatkube/sandbox/testing is for tests; the app uses the sandbox's public entry points." };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Build and test scripts in plain JavaScript run on Node.
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: electronGlue,
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: "Only main.ts, preload.ts, window.ts and ipc/electron-ipc.ts may import 'electron'; services stay plain Node." }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to main only through the typed API.' },
            { name: 'ssh2', message: 'SSH runs in the main process only.' },
            ...nodeBuiltins.map((name) => ({ name, message: 'No Node built-ins in the renderer or shared code.' })),
          ],
          patterns: [{ group: ['@azure/*'], message: 'Azure SDKs run in the main process only.' }],
        },
      ],
    },
  },
  {
    // The layer map, and no import cycles (type-only imports do not count: they vanish at build).
    files: layeredFiles,
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] })],
      // no-cycle follows only files it parses: TypeScript's, with the TypeScript parser.
      'import-x/extensions': ['.ts', '.tsx', '.mjs', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: [...layerZones, sandboxZone] }],
    },
  },
  {
    // The sandbox package and its tests import nothing of the app.
    files: ['sandbox/**/*.{ts,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] })],
      'import-x/extensions': ['.ts', '.tsx', '.mjs', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: [sandboxPackageZone] }] },
  },
  {
    // The app's tests and benchmarks: the sandbox by its entry points only.
    files: ['test/**/*.{ts,mjs}', 'bench/**/*.{ts,mjs}', 'scripts/**/*.mjs'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noSandboxByPath] }] },
  },
  {
    // The app never imports the sandbox package (a later block's options replace an earlier one's
    // for the same rule, so 'electron' is listed again)...
    files: ['electron/**/*.ts'],
    ignores: [...electronGlue, ...SANDBOX_COMPOSITION_POINTS],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [noSandboxPackage, noSandboxByPath] },
      ],
    },
  },
  {
    // ...but for its composition points, and they only by its public entry points.
    files: SANDBOX_COMPOSITION_POINTS,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [noSandboxTesting, noSandboxByPath] },
      ],
      // The sandbox zone is lifted here: these import its package (whose files the resolver sees).
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
  {
    files: electronGlue,
    rules: { 'no-restricted-imports': ['error', { patterns: [noSandboxPackage, noSandboxByPath] }] },
  },
);
