import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Paths are relative to the project root, where npm runs every script (`npm run build:renderer`).
export default defineConfig({
  root: 'renderer',
  base: './', // loaded from file:// inside Electron
  plugins: [react()],
  build: {
    // DESK_RENDERER_DIR: build elsewhere (several developers' e2e runs on one machine); the harness reads the same variable.
    outDir: process.env.DESK_RENDERER_DIR ?? '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
