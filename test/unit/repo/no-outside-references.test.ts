/**
 * The repository carries its own knowledge: no file may point at a path outside it (a design note
 * or reference folder that sits beside the checkout on one machine, an absolute path of a
 * workspace). Code and data cite docs/ (e.g. docs/bootstrap.md#kubeadm) or the upstream source
 * itself (a URL, an owner/repo path). This scans every tracked text file, and every untracked one
 * git does not ignore (so a new file is caught before it is committed), and names file and line.
 *
 * The patterns are assembled from pieces, so this file does not match them itself.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SHARED = path.join(ROOT, 'shared') + path.sep;

/** Names of documents that live outside the repository (the repo's own docs are lower case). */
// Built from pieces, like every pattern here, so this file does not name what it looks for.
const OUTSIDE_DOCS = ['ARCHI' + 'TECTURE', 'BOOT' + 'STRAP', 'AZURE' + '-SDK', 'DA' + 'Y2'].map((n) => `${n}.md`);

interface Rule {
  what: string;
  re: RegExp;
  /** Optional second look at a match (file path relative to the root, the match). */
  outside?: (file: string, m: RegExpExecArray) => boolean;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

const RULES: Rule[] = [
  {
    // A relative path up into a `shared/` folder is fine when it is this repository's shared/
    // (the contract the processes import); anywhere else it leaves the repository.
    what: 'a relative path to a shared/ folder other than the repository\'s own',
    re: new RegExp(`(?<![\\w./-])((?:${esc('..' + '/')})+)${esc('shared' + '/')}`, 'g'),
    outside: (file, m) => path.join(path.resolve(ROOT, path.dirname(file), m[1]!), 'shared') + path.sep !== SHARED,
  },
  { what: 'a reference or design folder outside the repository', re: new RegExp(`${esc('shared/')}(?:reference|design)(?![\\w-])`, 'g') },
  { what: 'a design document that is not in the repository', re: new RegExp(`(?<![\\w-])(?:${OUTSIDE_DOCS.map(esc).join('|')})`, 'g') },
  { what: 'an absolute workspace path', re: new RegExp(`(?<![\\w.~-])${esc('/' + 'work' + '/')}`, 'g') },
  {
    // The reference samples the sandbox's data was first made from live outside the repository;
    // a file of that kind of name is fine only when the repository has it.
    what: 'a sample file that is not in the repository',
    re: new RegExp(`(?<![\\w.-])([\\w-]+${esc('-sample' + '.json')})`, 'g'),
    outside: (_file, m) => !repoBasenames().has(m[1]!),
  },
];

let basenames: Set<string> | undefined;
function repoBasenames(): Set<string> {
  basenames ??= new Set(repoFiles().map((f) => path.basename(f)));
  return basenames;
}

/** Files git tracks, and untracked ones it does not ignore, relative to the root. */
function repoFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return [...new Set(out.split('\0').filter(Boolean))]
    .filter((f) => !f.split('/').includes('node_modules') && path.basename(f) !== 'package-lock.json')
    .sort();
}

function readText(file: string): string | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(path.join(ROOT, file));
  } catch {
    return undefined; // listed by git but deleted in the work tree
  }
  if (buf.subarray(0, 8192).includes(0)) return undefined; // binary
  return buf.toString('utf8');
}

export function outsideReferences(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const rule of RULES) {
      rule.re.lastIndex = 0;
      for (let m = rule.re.exec(line); m; m = rule.re.exec(line)) {
        if (rule.outside && !rule.outside(file, m)) continue;
        found.push(`${file}:${i + 1}: ${rule.what} (${m[0]}): ${line.trim().slice(0, 160)}`);
      }
    }
  });
  return found;
}

test('no file in the repository points at a path outside it', () => {
  const files = repoFiles();
  assert.ok(files.length > 100, `git listed only ${files.length} files in ${ROOT}`);
  const found = files.flatMap((f) => {
    const text = readText(f);
    return text === undefined ? [] : outsideReferences(f, text);
  });
  assert.deepEqual(found, [], `Point these inside the repository (docs/, e.g. docs/bootstrap.md#kubeadm) or at the upstream source itself:\n${found.join('\n')}`);
});

test('the scan tells the repository\'s own shared/ from paths that leave the repository', () => {
  const up = '..' + '/';
  // Imports of this repository's shared/ from any depth are fine.
  assert.deepEqual(outsideReferences('electron/backend/backend.ts', `import { x } from '${up}${up}shared/ipc/contract';`), []);
  assert.deepEqual(outsideReferences('bench/run.ts', `import { y } from '${up}shared/domain/cidr';`), []);
  assert.deepEqual(outsideReferences('docs/architecture.md', 'see docs/bootstrap.md#kubeadm and docs/architecture.md'), []);
  assert.deepEqual(outsideReferences('electron/x.ts', `https://example.com/home${'/' + 'work' + '/'}file and ~${'/' + 'work' + '/'} are not this`), []);
  // One level too many leaves the repository; the same text elsewhere stays inside but is not shared/.
  assert.equal(outsideReferences('electron/backend/backend.ts', `'${up}${up}${up}shared/ipc/contract'`).length, 1);
  assert.equal(outsideReferences('README.md', `${up}shared/notes.md`).length, 1);
  assert.equal(outsideReferences('test/unit/cluster/x.ts', `a copy of ${up}shared/ignition/`).length, 1);
  assert.equal(outsideReferences('a.ts', `// see ${'shared/'}${'reference/'}azure/x.json`).length, 1);
  assert.equal(outsideReferences('a.ts', `// see ${'shared/'}${'design/'}x`).length, 1);
  assert.equal(outsideReferences('a.ts', `// the schema (${'shared/'}${'reference'}), verbatim`).length, 1);
  assert.deepEqual(outsideReferences('a.ts', `// ${'shared/'}references-list and ${'shared/'}designer are other words`), []);
  for (const doc of OUTSIDE_DOCS) assert.equal(outsideReferences('a.ts', `// ${doc} section 3`).length, 1, doc);
  assert.equal(outsideReferences('a.ts', `// ${'/' + 'work' + '/'}shared/x.json`).length, 1);
  assert.equal(outsideReferences('a.ts', `// real body: arm-errors${'-sample.json'}`).length, 1);
});
