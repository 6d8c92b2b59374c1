// Measuring helpers used inside benchmark children (Node only, run with --expose-gc).

/** Heap in use after two full collections, so garbage does not count as cost. */
export function heapAfterGc() {
  if (typeof globalThis.gc !== "function") throw new Error("run benchmark children with --expose-gc");
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Resolves at the epoch instant `at` (or right away when it has passed). */
export function sleepUntil(at) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
}

/** Yields to the event loop once, so IPC messages flush and due timers may fire. */
export const yieldLoop = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Calls `add(i)` for i in [0, n) and awaits any promise it returns. Every second it reports
 * progress (so a parent that times out knows how far registration got) and yields once.
 * Returns the handles and the elapsed milliseconds.
 */
export async function registerAll(n, add, progress) {
  const handles = new Array(n);
  const started = performance.now();
  let reported = started;
  for (let i = 0; i < n; i++) {
    const handle = add(i);
    handles[i] = handle instanceof Promise ? await handle : handle;
    if ((i & 255) === 255) {
      const now = performance.now();
      if (now - reported >= 1000) {
        reported = now;
        progress({ phase: "register", done: i + 1, elapsedMs: now - started, heapUsed: process.memoryUsage().heapUsed });
        await yieldLoop();
      }
    }
  }
  return { handles, ms: performance.now() - started };
}

/**
 * Registers `n` jobs through `add(i)`, then starts the peer: the registration time counts both,
 * and heap per job is measured across them (after forced GCs).
 */
export async function registerAndStart(peer, n, add, progress) {
  const heapBefore = heapAfterGc();
  const registered = await registerAll(n, add, progress);
  const startedAt = performance.now();
  await peer.start();
  const registrationMs = registered.ms + (performance.now() - startedAt);
  progress({ phase: "registered", done: n, elapsedMs: registrationMs });
  return {
    handles: registered.handles,
    registrationMs,
    registrationPerSec: registrationMs > 0 ? (n / registrationMs) * 1000 : null,
    heapPerJob: (heapAfterGc() - heapBefore) / n,
  };
}

/** CPU time (user + system) in ms since a `process.cpuUsage()` snapshot. */
export function cpuMsSince(snapshot) {
  const used = process.cpuUsage(snapshot);
  return (used.user + used.system) / 1000;
}

/** Share of one core used over a window, in percent. */
export const cpuPercent = (cpuMs, wallMs) => (wallMs > 0 ? (cpuMs / wallMs) * 100 : null);
