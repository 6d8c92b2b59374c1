// isocron's FakeClock feature-tests MessageChannel, which @cloudflare/workers-types omits.
declare var MessageChannel: new () => {
  readonly port1: { onmessage: ((event: unknown) => void) | null; close(): void };
  readonly port2: { postMessage(message: unknown): void };
};
