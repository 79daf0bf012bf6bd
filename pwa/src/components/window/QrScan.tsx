// Reading a code the resident shows (the 帮办 QR, TBA1:<6 digits>) with the camera, where the browser
// can (BarcodeDetector, feature-detected as the receipt opener does: no button where it cannot; typing
// is always offered beside it). The camera goes off when a code is read, when stopped, or when the
// page is left, even if it opens only after that.
import { useEffect, useRef, useState } from 'preact/hooks'
import { t } from '../../i18n'
import { qrScanSupported, startQrScan, type Scan } from '../../cases/scan'

export interface QrScanProps {
  /** data-testid prefix: `${testid}` (the button), `${testid}-stop`, `${testid}-status`, `${testid}-video` */
  testid: string
  /** the code in a QR text, or null when the QR is not the one wanted */
  parse: (text: string) => string | null
  onCode: (code: string) => void
  hold: string
  wrong: string
}

export function QrScan({ testid, parse, onCode, hold, wrong }: QrScanProps) {
  const [canScan, setCanScan] = useState(false)
  const [scanning, setScanning] = useState(false)
  const [said, setSaid] = useState('')
  const video = useRef<HTMLVideoElement>(null)
  const scan = useRef<Scan | null>(null)
  const mounted = useRef(true)
  const attempt = useRef(0)
  useEffect(() => {
    mounted.current = true
    void qrScanSupported().then((ok) => mounted.current && setCanScan(ok))
    return () => {
      mounted.current = false
      attempt.current += 1
      scan.current?.stop()
    }
  }, [])

  const stop = () => {
    attempt.current += 1
    scan.current?.stop()
    scan.current = null
    setScanning(false)
  }

  const start = async () => {
    const mine = ++attempt.current
    setSaid('')
    setScanning(true)
    await new Promise((r) => setTimeout(r, 0)) // the <video> renders with `scanning`
    if (!video.current) return
    setSaid(hold)
    try {
      let told = false
      const started = await startQrScan(video.current, (text, stopCamera) => {
        const code = parse(text)
        if (code) {
          stopCamera()
          stop()
          setSaid('')
          onCode(code)
        } else if (!told) {
          told = true
          setSaid(wrong)
        }
      })
      if (mounted.current && attempt.current === mine && scan.current === null && video.current) scan.current = started
      else started.stop()
    } catch {
      setScanning(false)
      setSaid(t('The camera could not be opened. Allow the camera for this site, or type the code.'))
    }
  }

  if (!canScan) return null
  return (
    <div class="qr-scan">
      {scanning ? (
        <div class="scanner" data-testid={`${testid}-scanner`}>
          <video ref={video} class="scanner-video" muted playsInline aria-label={t('Camera picture')} data-testid={`${testid}-video`} />
          <button type="button" class="btn secondary" data-testid={`${testid}-stop`} onClick={stop}>
            {t('Stop scanning')}
          </button>
        </div>
      ) : (
        <button type="button" class="btn secondary" data-testid={testid} onClick={() => void start()}>
          {t('Scan the QR code')}
        </button>
      )}
      <p role="status" class="status-note" data-testid={`${testid}-status`}>
        {said}
      </p>
    </div>
  )
}
