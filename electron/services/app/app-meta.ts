import pkg from '../../../package.json';

/** The app's name and version; package.json is the single source (bundled by esbuild). */
export const APP_NAME = 'Flatkube';
export const APP_VERSION: string = pkg.version;
