// Stand-in executables: a genuine 64-bit ELF header (so `file`-style checks and the kernel's
// architecture check have something real to look at) followed by a text note naming the
// program the sandbox simulates for it. The sandbox's internet ships them inside release
// tarballs; the node runs one only when its header's machine matches the node's CPU.

export type ElfMachine = 'x86_64' | 'aarch64';

const E_MACHINE: Record<ElfMachine, number> = { x86_64: 0x3e, aarch64: 0xb7 };
const HEADER_SIZE = 64;

export interface StandInNote {
  program: string;
  version: string;
}

export function elfStandIn(machine: ElfMachine, note: StandInNote, extra = ''): Buffer {
  const h = Buffer.alloc(HEADER_SIZE);
  h.write('\x7fELF', 0, 'latin1');
  h[4] = 2; // ELFCLASS64
  h[5] = 1; // little endian
  h[6] = 1; // EV_CURRENT
  h.writeUInt16LE(2, 16); // ET_EXEC
  h.writeUInt16LE(E_MACHINE[machine], 18);
  h.writeUInt32LE(1, 20); // e_version
  h.writeUInt16LE(HEADER_SIZE, 52); // e_ehsize
  h.writeUInt16LE(56, 54); // e_phentsize
  h.writeUInt16LE(64, 58); // e_shentsize
  const text = [
    'FLATKUBE SANDBOX STAND-IN (an ELF header, not a program; the sandbox simulates it)',
    `PROGRAM=${note.program}`,
    `VERSION=${note.version}`,
    `ARCH=${machine}`,
    extra,
  ].join('\n');
  return Buffer.concat([h, Buffer.from(text + '\n')]);
}

export interface ElfInfo {
  /** undefined: an ELF file for a CPU the sandbox does not know. */
  machine: ElfMachine | undefined;
  note: StandInNote | undefined;
}

/** The ELF header's machine and the stand-in note, or undefined when `data` is not ELF at all. */
export function readElf(data: Buffer): ElfInfo | undefined {
  if (data.length < HEADER_SIZE || data.toString('latin1', 0, 4) !== '\x7fELF') return undefined;
  const em = data.readUInt16LE(18);
  const machine = (Object.keys(E_MACHINE) as ElfMachine[]).find((m) => E_MACHINE[m] === em);
  const text = data.subarray(HEADER_SIZE).toString('utf8');
  const program = /^PROGRAM=(.+)$/m.exec(text)?.[1];
  const version = /^VERSION=(.+)$/m.exec(text)?.[1];
  return { machine, note: program && version ? { program, version } : undefined };
}

/** What `uname -m` says on a node of this Azure architecture. */
export function nodeMachine(architecture: 'x64' | 'Arm64'): ElfMachine {
  return architecture === 'Arm64' ? 'aarch64' : 'x86_64';
}
