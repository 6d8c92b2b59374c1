import { afterEach, vi } from "vitest";

/** Counts the lease requests this process sends and lets a test wait for them to finish. */
export function spyOnFetch(): { count: () => number; settle: () => Promise<void> } {
  const real = globalThis.fetch;
  const pending: Promise<unknown>[] = [];
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    const response = real(input, init);
    pending.push(response.catch(() => undefined));
    return response;
  });
  afterEach(() => spy.mockClear());
  return {
    count: () => spy.mock.calls.length,
    settle: async () => {
      await Promise.all(pending);
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}
