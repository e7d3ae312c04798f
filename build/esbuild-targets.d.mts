import type { BuildOptions } from 'esbuild';

export declare const mainTarget: BuildOptions;
export declare const preloadTarget: BuildOptions;
export declare const cliTarget: BuildOptions;
export declare const sandboxTarget: BuildOptions;
