/**
 * The encrypted embedded database, as the screens need it. `PASSPHRASE_MIN` mirrors
 * `domain::auth::PASSPHRASE_MIN` in Rust, which checks it (the hint only says it).
 */
export const PASSPHRASE_MIN = 10;

/** Events that count as use of the window: any of them restarts the idle time. */
export const USE_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"] as const;

/**
 * Calls `onIdle` once the window has not been used for `seconds()` seconds (read at each
 * check, so a changed setting applies at once); checks every second. Returns the stop.
 */
export function watchIdle(seconds: () => number, onIdle: () => void, now: () => number = Date.now): () => void {
  let last = now();
  const used = () => {
    last = now();
  };
  for (const e of USE_EVENTS) window.addEventListener(e, used, { capture: true, passive: true });
  const timer = setInterval(() => {
    if (now() - last >= seconds() * 1000) {
      last = now();
      onIdle();
    }
  }, 1000);
  return () => {
    clearInterval(timer);
    for (const e of USE_EVENTS) window.removeEventListener(e, used, { capture: true });
  };
}
