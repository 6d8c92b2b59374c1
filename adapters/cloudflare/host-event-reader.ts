import type { Clock } from "../../src/clock.ts";
import { uuid } from "../../src/uuid.ts";
import type { AdminEvent } from "../hono/source.ts";
import type { EventCursor, EventLine } from "./host-events.ts";

/** Longest line of an event stream read (an event is far smaller; more means something is wrong). */
export const MAX_EVENT_LINE = 64 * 1024;
/** Least time between two opens of a stream, so a host that keeps ending them is not hammered. */
const MIN_GAP_MS = 1_000;
/** Longest wait before reopening after failures (doubling from 1 s). */
const MAX_BACKOFF_MS = 30_000;

/** How an {@link EventReader} opens a stream named `id` and ends it; both reject on failure or timeout. */
export interface StreamCalls {
  open(cursor: EventCursor, id: string): Promise<ReadableStream<Uint8Array>>;
  end(id: string): Promise<unknown>;
}

const noop = (): void => undefined;

const isLine = (value: unknown): value is EventLine => {
  if (typeof value !== "object" || value === null) return false;
  const { instance, seq, event } = value as Record<string, unknown>;
  if (typeof instance !== "string" || !Number.isSafeInteger(seq) || typeof event !== "object" || event === null) return false;
  const { type, jobId, at } = event as Record<string, unknown>;
  return typeof type === "string" && typeof jobId === "string" && typeof at === "number";
};

/** What bounds an {@link EventReader}, and who hears its failures. */
export interface ReaderLimits {
  readonly clock: Clock;
  /** A stream still open this long after it opened is cancelled and reopened. */
  readonly maxStreamMs: number;
  /** Hears why a stream could not be opened or broke off (it is reopened after a backoff). */
  readonly onError: (error: unknown) => void;
}

/**
 * Keeps one subscriber's events flowing from the host: opens a stream, hands each event to
 * the listener, and when the stream ends (its lifetime, the host restarting, a failure) opens
 * the next one from where it left off, so the listener sees one unbroken sequence as far as
 * the host's replay reaches. Failures back off (1 s doubling to 30 s); a stream that outlives
 * `streamMs + timeoutMs` is cancelled and reopened. Nothing is buffered beyond the line being
 * read. {@link stop} cancels the stream, which ends it in the host too.
 */
export class EventReader {
  readonly #calls: StreamCalls;
  readonly #listener: (event: AdminEvent) => void;
  readonly #clock: Clock;
  readonly #maxStreamMs: number;
  readonly #onError: (error: unknown) => void;
  #cursor: EventCursor;
  #stopped = false;
  #failures = 0;
  #openedAt = Number.NEGATIVE_INFINITY;
  #reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  /** The id of the stream being read, or being opened. */
  #id: string | null = null;
  #timer: unknown = null;

  constructor(calls: StreamCalls, listener: (event: AdminEvent) => void, limits: ReaderLimits) {
    this.#calls = calls;
    this.#listener = listener;
    this.#clock = limits.clock;
    this.#maxStreamMs = limits.maxStreamMs;
    this.#onError = limits.onError;
    this.#cursor = { since: limits.clock.now() };
    void this.#run();
  }

  /**
   * Stops for good: the open stream is cancelled and the host told to end it (a cancel alone
   * may not reach it over RPC), no other is opened.
   */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== null) this.#clock.clearTimer(this.#timer);
    this.#timer = null;
    this.#reader?.cancel().catch(noop);
    if (this.#id !== null) this.#calls.end(this.#id).catch((error: unknown) => this.#onError(error));
  }

  async #run(): Promise<void> {
    this.#timer = null;
    if (this.#stopped) return;
    this.#openedAt = this.#clock.now();
    const id = uuid();
    this.#id = id;
    let endedByHost = false;
    try {
      const stream = await this.#calls.open(this.#cursor, id);
      if (this.#stopped) {
        // stop() has told the host to end it already.
        await stream.cancel().catch(noop);
        return;
      }
      this.#failures = 0;
      endedByHost = await this.#read(stream.getReader());
    } catch (error) {
      // The host could not be reached, refused the stream, or sent something unreadable.
      this.#failures++;
      if (!this.#stopped) this.#onError(error);
    } finally {
      this.#id = null;
    }
    if (this.#stopped) return;
    // A stream given up on (late, broken, overdue) may still be open in the host: end it there.
    if (!endedByHost) this.#calls.end(id).catch(noop);
    this.#next();
  }

  #next(): void {
    if (this.#stopped) return;
    const gap = Math.max(0, MIN_GAP_MS - (this.#clock.now() - this.#openedAt));
    const delay = this.#failures === 0 ? gap : Math.min(MIN_GAP_MS * 2 ** (this.#failures - 1), MAX_BACKOFF_MS);
    this.#timer = this.#clock.setTimer(() => void this.#run(), delay);
  }

  /** Reads the stream to its end; true when the host ended it, false when it was given up on. */
  async #read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<boolean> {
    this.#reader = reader;
    const decoder = new TextDecoder();
    let overdue = false;
    // The host ends each stream on time; one that does not is given up on.
    const guard = this.#clock.setTimer(() => {
      overdue = true;
      reader.cancel().catch(noop);
    }, this.#maxStreamMs);
    let pending = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || this.#stopped) return !overdue;
        pending += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = pending.indexOf("\n")) >= 0) {
          this.#line(pending.slice(0, end));
          pending = pending.slice(end + 1);
        }
        if (pending.length > MAX_EVENT_LINE) throw new Error("event line too long");
      }
    } catch (error) {
      await reader.cancel().catch(noop);
      throw error;
    } finally {
      this.#clock.clearTimer(guard);
      this.#reader = null;
    }
  }

  #line(text: string): void {
    const line: unknown = JSON.parse(text);
    if (!isLine(line)) throw new Error("malformed event line");
    this.#cursor = { since: line.event.at, instance: line.instance, seq: line.seq };
    if (this.#stopped) return;
    try {
      this.#listener(line.event);
    } catch {
      // the listener's failure is its own; the stream goes on
    }
  }
}
