// Vite bundles CSS imports; TypeScript only needs to know they exist.
declare module '*.css';

// The world map's SVG paths, made at build time (build/world-paths.ts).
declare module 'virtual:world-paths' {
  export const sphere: string;
  export const graticule: string;
  export const land: string;
  export const borders: string;
}
