import { defineConfig } from 'vitest/config'
import { i18nParts } from './scripts/paint-plugin.mjs'

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  // The catalogues' virtual modules, uncut: tests read any message without loading parts.
  plugins: [i18nParts({ split: false })],
  test: { environment: 'happy-dom', include: ['tests/**/*.test.{ts,tsx}'], watch: false },
})
