// Decode + verify time of one static licence QR (base45, CBOR, COSE_Sign1, WebCrypto Ed25519 with the
// key already imported, identifier rebuild, dates): pwa/tests/verify-offline.test.ts prints it for
// Node, and tests/browser/test_browser_scan.py bundles this file to measure it in Chromium. Not part
// of the app bundle.
import { openQr } from './licenceQr'
import { verifyStatic } from './offline'
import type { TrustList } from './types'

export interface BenchResult {
  n: number
  /** microseconds per QR: median of 5 rounds of n/5 */
  perQrUs: number
  /** of which reading it (base45, CBOR, COSE, claims) without the signature check */
  decodeUs: number
  verdict: string
}

async function median(per: number, once: () => unknown): Promise<number> {
  const rounds: number[] = []
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now()
    for (let i = 0; i < per; i++) await once()
    rounds.push(((performance.now() - t0) * 1000) / per)
  }
  return rounds.sort((a, b) => a - b)[2]!
}

export async function benchStatic(qr: string, list: TrustList, n = 1000): Promise<BenchResult> {
  const first = await verifyStatic(qr, list) // warm up: imports the key
  const per = Math.max(1, Math.floor(n / 5))
  const perQrUs = await median(per, () => verifyStatic(qr, list))
  const decodeUs = await median(per * 5, () => openQr(qr))
  return { n: per * 5, perQrUs, decodeUs, verdict: first.verdict }
}
