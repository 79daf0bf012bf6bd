import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import { i18nParts, paintBeforeJs, precompress } from './scripts/paint-plugin.mjs'

// The API lives on the same origin in production (Flask serves pwa/dist at `/`);
// in development the Vite server proxies `/api` to the backend.
const API_TARGET = process.env.TB_API ?? 'http://127.0.0.1:8000'

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  server: { proxy: { '/api': API_TARGET } },
  preview: { proxy: { '/api': API_TARGET } },
  build: { target: 'es2020', sourcemap: false, reportCompressedSize: false },
  plugins: [
    // Catalogue parts per language (core with the first page, rest with the other pages), the
    // shell and home page prerendered into index.html with the settings script, and .gz/.br copies
    // of every text file (after the service worker is written): scripts/paint-plugin.mjs.
    i18nParts(),
    paintBeforeJs(),
    VitePWA({
      // 'prompt': a new service worker waits until the person agrees, so a half-filled form is never
      // lost to a reload (see src/components/UpdateBanner.tsx).
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: '通办 Tongban',
        short_name: '通办',
        description: '跨省通办 · 长三角一网通办 · 全市通办',
        lang: 'zh-Hans',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#0b4f9c',
        background_color: '#ffffff',
        categories: ['government', 'utilities'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        cleanupOutdatedCaches: true,
        // The first install takes control at once, so guides opened on the very first visit are
        // cached too. Updates still wait for the person's OK (no skipWaiting).
        clientsClaim: true,
        // A guide opened once must reload offline, even after a full page reload.
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/oauth\//, /^\/\.well-known\//],
        runtimeCaching: [
          {
            urlPattern: ({ url, request, sameOrigin }) =>
              sameOrigin &&
              request.method === 'GET' &&
              !request.headers.has('x-tongban-no-store') &&
              /^\/api\/v1\/(matters|lists|regions|centres|agency-points)(\/|$)/.test(url.pathname),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'tb-api',
              networkTimeoutSeconds: 3,
              expiration: { maxEntries: 300, maxAgeSeconds: 30 * 24 * 3600 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
    precompress(),
  ],
})
