/** One message of an SSE stream: an event (name and parsed data) or a comment. */
export type SseMessage = { event: string; data: unknown } | { comment: string };

/** Reads an SSE response message by message, as a browser's parser would (test side). */
export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = "";
  readonly #ready: SseMessage[] = [];

  constructor(response: Response) {
    if (response.body === null) throw new Error("no body");
    this.#reader = response.body.getReader();
  }

  /** The next message; rejects after `ms` of real time (a hung stream fails the test, never hangs it). */
  async next(ms = 2000): Promise<SseMessage> {
    const deadline = Date.now() + ms;
    while (this.#ready.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("no SSE message in time");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("no SSE message in time")), left)));
      const { done, value } = await Promise.race([this.#reader.read(), timeout]).finally(() => clearTimeout(timer));
      if (done) throw new Error("the stream ended");
      this.#buffer += this.#decoder.decode(value, { stream: true });
      this.#parse();
    }
    return this.#ready.shift() as SseMessage;
  }

  /** The next `n` messages that are events (comments skipped). */
  async events(n: number): Promise<{ event: string; data: unknown }[]> {
    const out: { event: string; data: unknown }[] = [];
    while (out.length < n) {
      const m = await this.next();
      if ("event" in m) out.push(m);
    }
    return out;
  }

  /** Whether the stream ended (read until done, or `ms` of real time). */
  async ended(ms = 2000): Promise<boolean> {
    const deadline = Date.now() + ms;
    try {
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), left)));
        const result = await Promise.race([this.#reader.read(), timeout]).finally(() => clearTimeout(timer));
        if (result === "timeout") return false;
        if (result.done) return true;
      }
    } catch {
      return true;
    }
  }

  /** The client goes away. */
  async cancel(): Promise<void> {
    await this.#reader.cancel();
  }

  #parse(): void {
    let end: number;
    while ((end = this.#buffer.indexOf("\n\n")) !== -1) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) this.#ready.push({ comment: line.slice(1).trim() });
        else if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      if (data.length > 0) this.#ready.push({ event, data: JSON.parse(data.join("\n")) });
    }
  }
}
