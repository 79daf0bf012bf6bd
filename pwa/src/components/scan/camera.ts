// Reading QR codes from the camera: the browser's own BarcodeDetector where it reads QR codes
// (Chrome on Android, macOS, ChromeOS), else the bundled ZXing polyfill (./zxing.ts, loaded on
// first use). About 5 frames a second until stopped.

export interface QrDetector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>
}
type NativeClass = { new (o?: { formats?: string[] }): QrDetector; getSupportedFormats?: () => Promise<string[]> }

export const cameraAvailable = (): boolean => typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function'

let detector: Promise<QrDetector> | undefined

export function qrDetector(): Promise<QrDetector> {
  detector ??= (async (): Promise<QrDetector> => {
    const Native = (globalThis as unknown as { BarcodeDetector?: NativeClass }).BarcodeDetector
    try {
      if (Native && (await Native.getSupportedFormats?.())?.includes('qr_code')) return new Native({ formats: ['qr_code'] })
    } catch {
      // fall through to the polyfill
    }
    const { zxingDetector } = await import('./zxing')
    return zxingDetector()
  })()
  detector.catch(() => (detector = undefined))
  return detector
}

export interface Camera {
  stop: () => void
}

/** Show the back camera in `video` and call `onText` with each QR text read until stopped (by the
 * returned stop or the one onText gets). Rejects when the camera cannot be opened. */
export async function startCamera(video: HTMLVideoElement, found: QrDetector, onText: (text: string, stop: () => void) => void): Promise<Camera> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false })
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const stop = () => {
    if (stopped) return
    stopped = true
    if (timer) clearTimeout(timer)
    stream.getTracks().forEach((tr) => tr.stop())
    video.srcObject = null
  }
  video.srcObject = stream
  video.muted = true
  video.setAttribute('playsinline', '')
  await video.play().catch(() => undefined)
  const tick = async () => {
    if (stopped) return
    try {
      if (video.readyState >= 2) for (const code of await found.detect(video)) if (!stopped && code.rawValue) onText(code.rawValue, stop)
    } catch {
      // a frame that could not be read: the next one
    }
    if (!stopped) timer = setTimeout(() => void tick(), 200)
  }
  void tick()
  return { stop }
}
