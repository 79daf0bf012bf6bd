// Reading a QR code with the camera through the Shape Detection API (BarcodeDetector), where the
// browser has it: Chrome on Android, macOS and ChromeOS; not Firefox, desktop Linux or iOS Safari.
// Pages always offer typing the code as well (docs/design.md §9).

interface DetectedBarcode {
  rawValue: string
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>
}
interface BarcodeDetectorClass {
  new (options?: { formats?: string[] }): BarcodeDetectorLike
  getSupportedFormats?: () => Promise<string[]>
}

type Host = { BarcodeDetector?: BarcodeDetectorClass; navigator?: { mediaDevices?: { getUserMedia?: unknown } } }

/** True when this browser can read QR codes from the camera. */
export async function qrScanSupported(host: Host = globalThis as unknown as Host): Promise<boolean> {
  const Detector = host.BarcodeDetector
  if (typeof Detector !== 'function' || typeof host.navigator?.mediaDevices?.getUserMedia !== 'function') return false
  try {
    const formats = Detector.getSupportedFormats ? await Detector.getSupportedFormats() : ['qr_code']
    return formats.includes('qr_code')
  } catch {
    return false
  }
}

export interface Scan {
  stop: () => void
}

/** Show the back camera in `video` and call `onCode` with each QR text read (about 4 times a
 * second) until stopped — by the returned `stop`, or by the one `onCode` gets, which works even
 * before this resolves. Rejects when the camera cannot be opened (refused, none, in use). */
export async function startQrScan(video: HTMLVideoElement, onCode: (text: string, stop: () => void) => void): Promise<Scan> {
  const Detector = (globalThis as unknown as Host).BarcodeDetector!
  const detector = new Detector({ formats: ['qr_code'] })
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false })
  video.srcObject = stream
  video.muted = true
  video.setAttribute('playsinline', '')
  await video.play().catch(() => undefined)
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const stop = () => {
    if (stopped) return
    stopped = true
    if (timer) clearTimeout(timer)
    stream.getTracks().forEach((tr) => tr.stop())
    video.srcObject = null
  }
  const tick = async () => {
    if (stopped) return
    try {
      if (video.readyState >= 2) {
        for (const code of await detector.detect(video)) if (!stopped && code.rawValue) onCode(code.rawValue, stop)
      }
    } catch {
      // a frame that could not be read: try the next one
    }
    if (!stopped) timer = setTimeout(() => void tick(), 250)
  }
  void tick()
  return { stop }
}
