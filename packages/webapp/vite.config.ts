import { defineConfig } from 'vite'

// The Mini App's build: one page, served by the gateway under /app/. JSX is Preact's
// (Vite's own transform, no plugin).
export default defineConfig({
  base: '/app/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020', sourcemap: false },
})
