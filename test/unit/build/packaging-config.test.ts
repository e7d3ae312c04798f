import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';

const config = parse(readFileSync('build/electron-builder.yml', 'utf8')) as Record<string, unknown> & {
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
  electronFuses: Record<string, boolean>;
  files: string[];
  extraMetadata: { main: string };
};

test('electron-builder config loads and names the targets for every platform', () => {
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.deepEqual(config.win.target, ['nsis']);
  assert.deepEqual(config.mac.target, ['dmg']);
  assert.equal(config.asar, true);
});

test('fuses switch off run-as-node, NODE_OPTIONS and inspect, and load the app from asar only', () => {
  assert.equal(config.electronFuses.runAsNode, false);
  assert.equal(config.electronFuses.enableNodeOptionsEnvironmentVariable, false);
  assert.equal(config.electronFuses.enableNodeCliInspectArguments, false);
  assert.equal(config.electronFuses.onlyLoadAppFromAsar, true);
});

test('the packaged entry point is the built main process', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string };
  assert.equal(config.extraMetadata.main, pkg.main);
  assert.ok(config.files.includes('dist/**/*'));
});

/** The keys of a plist's top-level dict that are set to <true/>. */
function trueKeys(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  return [...text.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]!);
}

test('macOS: hardened runtime with entitlements of our own, and no library-validation exception', () => {
  const mac = (config as unknown as { mac: { hardenedRuntime: boolean; entitlements?: string; entitlementsInherit?: string } }).mac;
  assert.equal(mac.hardenedRuntime, true);
  // Without files of our own, electron-builder signs with its template, which disables library
  // validation (any dylib, signed by anyone or not at all, may load into the app).
  assert.ok(mac.entitlements && mac.entitlementsInherit, 'entitlements and entitlementsInherit are set');
  for (const file of [mac.entitlements, mac.entitlementsInherit]) {
    const keys = trueKeys(file);
    assert.ok(keys.includes('com.apple.security.cs.allow-jit'), `${file}: V8 needs allow-jit`);
    assert.ok(!keys.includes('com.apple.security.cs.disable-library-validation'), `${file} disables library validation`);
  }
});

test('no native module is packaged: the premise for keeping library validation on', () => {
  // Production dependencies with build scripts: ssh2's optional crypto binding and cpu-features.
  // Both are optional (ssh2 falls back to Node's crypto); a new one must be looked at here.
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }> };
  const native = Object.entries(lock.packages)
    .filter(([name, p]) => name !== '' && !p.dev && p.hasInstallScript)
    .map(([name]) => name.replace(/^.*node_modules\//, ''))
    .sort();
  assert.deepEqual(native, ['cpu-features', 'ssh2']);
  const c = config as unknown as { npmRebuild?: boolean; files: string[] };
  assert.equal(c.npmRebuild, false, 'no rebuild of native modules for Electron');
  assert.ok(c.files.includes('!**/node_modules/cpu-features/**'));
  assert.ok(c.files.includes('!**/node_modules/ssh2/lib/protocol/crypto/build/**'));
});
