const noop = (): void => undefined;

/**
 * `pending`, or a rejection with the signal's reason as soon as `signal` aborts, for calls
 * that cannot be cancelled themselves (RPC, a user's fetch that ignores its signal). A late
 * rejection of `pending` is handled, so it never surfaces as unhandled.
 */
export function untilAborted<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return pending;
  if (signal.aborted) {
    pending.then(noop, noop);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
