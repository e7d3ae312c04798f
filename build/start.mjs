// `npm start`: run the Electron app from dist/. The electron package fetches its runtime on first
// use; where that cannot happen (offline machines, CI) we say so in one line and serve the same
// wizard in browser mode instead, opening it in the system browser when there is a display.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));

function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

let bin = electronBinary();
let why = '';
if (!bin) {
  // Try the package's own installer once (it downloads the runtime); bounded so offline machines do not hang.
  const res = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'pipe', timeout: 120_000, encoding: 'utf8' });
  bin = electronBinary();
  if (!bin) {
    const detail = (res.stderr || res.stdout || (res.error && res.error.message) || 'no output').trim().split('\n').pop();
    why = `Electron runtime not available (${detail.slice(0, 160)}); opening Flatkube in browser mode instead.`;
  }
}

if (bin) {
  const child = spawn(bin, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  // `web --open` opens the browser itself, through a private launch page: a link handed to
  // xdg-open here would sit on its command line (and the browser's), which every local user
  // can read. The one-time link it prints goes to this terminal only.
  const child = spawn(process.execPath, ['dist/cli/cli.mjs', 'web', '--open', '--reason', why], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
