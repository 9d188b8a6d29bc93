import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './', // loaded from file:// inside Electron
  plugins: [react()],
  build: {
    // DESK_RENDERER_DIR: build elsewhere (several developers' e2e runs on one machine); the harness reads the same variable.
    outDir: process.env.DESK_RENDERER_DIR ?? fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
