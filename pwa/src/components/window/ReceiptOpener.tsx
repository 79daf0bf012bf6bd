// 扫码/输入受理回执: open a case from the receipt the applicant brings, by typing its case number
// (always offered) or by reading the receipt's QR code with the camera where the browser can
// (BarcodeDetector; feature-detected, so no button where it cannot).
import { useEffect, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { t } from '../../i18n'
import { caseNumberFrom } from '../../cases/modes'
import { qrScanSupported, startQrScan, type Scan } from '../../cases/scan'
import { TextField } from '../Form'

const ID = 'receipt-number'

export function ReceiptOpener() {
  const { route } = useLocation()
  const [value, setValue] = useState('')
  const [error, setError] = useState<string[] | undefined>()
  const [canScan, setCanScan] = useState(false)
  const [scanning, setScanning] = useState(false)
  const [said, setSaid] = useState('')
  const video = useRef<HTMLVideoElement>(null)
  const scan = useRef<Scan | null>(null)

  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    void qrScanSupported().then((ok) => mounted.current && setCanScan(ok))
    return () => {
      mounted.current = false
      scan.current?.stop()
    }
  }, [])

  const open = (number: string) => route(`/staff/cases/${encodeURIComponent(number)}`)

  const onSubmit = (e: Event) => {
    e.preventDefault()
    const number = caseNumberFrom(value)
    if (!number) {
      setError([value.trim() ? t('This is not a case number. It starts with TB, followed by 14 digits.') : t('Enter the case number from the receipt.')])
      document.getElementById(ID)?.focus()
      return
    }
    setError(undefined)
    open(number)
  }

  // Each start gets a number; a stop (or a newer start) makes an older one stale, so a camera that
  // opens after the clerk already pressed 停止扫描 is closed at once instead of staying on.
  const attempt = useRef(0)
  const stop = () => {
    attempt.current += 1
    scan.current?.stop()
    scan.current = null
    setScanning(false)
  }

  const onScan = async () => {
    const mine = ++attempt.current
    setSaid('')
    setScanning(true)
    // The <video> renders with `scanning`; wait for it.
    await new Promise((r) => setTimeout(r, 0))
    if (!video.current) return
    setSaid(t('Hold the QR code on the receipt in front of the camera.'))
    try {
      let told = false
      const started = await startQrScan(video.current, (text, stopCamera) => {
        const number = caseNumberFrom(text)
        if (number) {
          stopCamera()
          stop()
          open(number)
        } else if (!told) {
          told = true
          setSaid(t('This QR code is not a receipt of this platform. Hold the receipt’s QR code in front of the camera.'))
        }
      })
      // Gone meanwhile (a code read at once, or the page left): the camera goes off.
      if (mounted.current && attempt.current === mine && scan.current === null && video.current) scan.current = started
      else started.stop()
    } catch {
      setScanning(false)
      setSaid(t('The camera could not be opened. Allow the camera for this site, or type the case number.'))
    }
  }

  return (
    <section class="section auth-card receipt-opener" aria-labelledby="opener-h" data-testid="receipt-opener">
      <h2 id="opener-h">{t('Scan or enter a receipt')}</h2>
      <p>{t('Open the case of a receipt the applicant brings: type its case number, or scan the QR code printed on it.')}</p>
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id={ID}
          name="number"
          autoComplete="off"
          spellcheck={false}
          autoCapitalize="characters"
          maxLength={80}
          label={t('Case number')}
          hint={t('It starts with TB, for example TB20240315123456.')}
          errors={error}
          value={value}
          onValue={(v) => {
            setValue(v)
            setError(undefined)
          }}
        />
        <div class="actions">
          <button type="submit" class="btn" data-testid="receipt-open">
            {t('Open the case')}
          </button>
          {canScan && !scanning && (
            <button type="button" class="btn secondary" data-testid="receipt-scan" onClick={() => void onScan()}>
              {t('Scan the QR code')}
            </button>
          )}
        </div>
      </form>
      {scanning && (
        <div class="scanner" data-testid="receipt-scanner">
          <video ref={video} class="scanner-video" muted playsInline aria-label={t('Camera picture')} />
          <button type="button" class="btn secondary" data-testid="receipt-scan-stop" onClick={stop}>
            {t('Stop scanning')}
          </button>
        </div>
      )}
      <p role="status" class="status-note" data-testid="receipt-scan-status">
        {said}
      </p>
    </section>
  )
}
