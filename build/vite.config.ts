import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { worldPathsPlugin } from './world-paths.ts';

const root = fileURLToPath(new URL('../renderer', import.meta.url));

// The renderer is a plain browser bundle: it runs in Electron's sandboxed window and in Chromium
// (browser mode) alike, and only talks to main through the typed API.
export default defineConfig({
  root,
  base: './',
  // worldPathsPlugin: the world map's paths, drawn here rather than in the page.
  plugins: [react(), worldPathsPlugin()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome130',
  },
  server: { host: '127.0.0.1' },
});
