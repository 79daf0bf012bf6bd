// The ZXing-based BarcodeDetector polyfill (npm barcode-detector, ZXing-C++ compiled to WebAssembly),
// for browsers without a native BarcodeDetector (desktop Linux and Windows Chromium, Firefox, iOS
// Safari before 17). Loaded only when needed, as its own chunk. Its wasm is bundled by Vite and
// served from our origin (/assets/…wasm) — never from the CDN the library would use by default — and
// kept in the Cache API once fetched (not in kiosk mode), so the camera also reads codes when the
// network is down. The CSP allows compiling it with script-src 'wasm-unsafe-eval' (nginx/ and
// backend/tongban/core/security.py). package.json pins barcode-detector and zxing-wasm exactly, together:
// the wasm served here must be the one the polyfill's JavaScript was built with.
import { BarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill'
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url'
import { kiosk } from '../../verify/trustList'

const CACHE = 'tb-scan-wasm'

async function wasmBinary(): Promise<ArrayBuffer> {
  let cache: Cache | undefined
  try {
    cache = kiosk() ? undefined : await caches.open(CACHE)
  } catch {
    cache = undefined // no Cache API (or storage refused): fetch each visit
  }
  const held = await cache?.match(wasmUrl)
  if (held) return held.arrayBuffer()
  const res = await fetch(wasmUrl, { credentials: 'same-origin' })
  if (!res.ok) throw new Error(`wasm ${res.status}`)
  if (cache) {
    // one copy: the wasm of an earlier build goes
    for (const old of await cache.keys()) if (!old.url.endsWith(wasmUrl)) await cache.delete(old)
    await cache.put(wasmUrl, res.clone()).catch(() => undefined)
  }
  return res.arrayBuffer()
}

let ready: Promise<unknown> | undefined

export async function zxingDetector(): Promise<BarcodeDetector> {
  ready ??= wasmBinary().then((binary) =>
    prepareZXingModule({
      // the bytes, and (should it ever fetch) our own copy: never the library's default CDN
      overrides: { wasmBinary: binary, locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
      fireImmediately: true,
    }),
  )
  try {
    await ready
  } catch (e) {
    ready = undefined // try again next time (the network may be back)
    throw e
  }
  return new BarcodeDetector({ formats: ['qr_code'] })
}
