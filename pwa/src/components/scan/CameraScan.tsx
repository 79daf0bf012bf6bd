// The camera part of the scanner: a button that opens the camera, the picture, and a stop button.
// The camera goes off when a code is read, when stopped, or when the page is left — even when it
// opens only after that (each start has a number; a newer start or a stop makes it stale).
import { useEffect, useRef, useState } from 'preact/hooks'
import { t } from '../../i18n'
import { cameraAvailable, qrDetector, startCamera, type Camera } from './camera'

export function CameraScan({ onText }: { onText: (text: string) => void }) {
  const [on, setOn] = useState(false)
  const [said, setSaid] = useState('')
  const video = useRef<HTMLVideoElement>(null)
  const camera = useRef<Camera | null>(null)
  const attempt = useRef(0)
  const mounted = useRef(true)
  const handler = useRef(onText)
  handler.current = onText // the page's latest (the purpose may change while the camera is on)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
      attempt.current += 1
      camera.current?.stop()
    }
  }, [])

  const stop = () => {
    attempt.current += 1
    camera.current?.stop()
    camera.current = null
    setOn(false)
  }

  const start = async () => {
    const mine = ++attempt.current
    setOn(true)
    setSaid(t('Getting the camera ready…'))
    await new Promise((r) => setTimeout(r, 0)) // the <video> renders with `on`
    let found
    try {
      found = await qrDetector()
    } catch {
      if (attempt.current !== mine) return
      setOn(false)
      setSaid(t('The QR code reader could not be loaded. Paste or type the code below.'))
      return
    }
    try {
      if (attempt.current !== mine || !video.current) return
      const started = await startCamera(video.current, found, (text, stopCamera) => {
        stopCamera()
        if (attempt.current !== mine) return
        stop()
        setSaid('')
        handler.current(text)
      })
      if (mounted.current && attempt.current === mine && camera.current === null) {
        camera.current = started
        setSaid(t('Hold the QR code in front of the camera.'))
      } else started.stop()
    } catch {
      if (attempt.current !== mine) return
      setOn(false)
      setSaid(t('The camera could not be opened. Allow the camera for this site, or paste or type the code below.'))
    }
  }

  if (!cameraAvailable()) return null
  return (
    <div class="scan-camera">
      {on ? (
        <div class="scanner" data-testid="scan-camera">
          <video ref={video} class="scanner-video" muted playsInline aria-label={t('Camera picture')} />
          <button type="button" class="btn secondary" data-testid="scan-camera-stop" onClick={stop}>
            {t('Stop scanning')}
          </button>
        </div>
      ) : (
        <button type="button" class="btn" data-testid="scan-camera-start" onClick={() => void start()}>
          {t('Scan with the camera')}
        </button>
      )}
      <p role="status" class="status-note" data-testid="scan-camera-status">
        {said}
      </p>
    </div>
  )
}
