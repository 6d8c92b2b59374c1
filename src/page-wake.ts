interface PageGlobals {
  document?: EventTarget;
  addEventListener?: EventTarget["addEventListener"];
  removeEventListener?: EventTarget["removeEventListener"];
}

/**
 * Browsers throttle timers in hidden tabs and freeze pages; calls `wake` when the page becomes
 * visible or is restored from the back/forward cache, so the scheduler re-reads the clock.
 * Returns a function that stops listening, or null outside a page.
 */
export function onPageReturn(wake: () => void): (() => void) | null {
  const g = globalThis as PageGlobals;
  const doc = g.document;
  if (doc === undefined || typeof g.addEventListener !== "function") return null;
  doc.addEventListener("visibilitychange", wake);
  g.addEventListener("pageshow", wake);
  return () => {
    doc.removeEventListener("visibilitychange", wake);
    g.removeEventListener?.("pageshow", wake);
  };
}
