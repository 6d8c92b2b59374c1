import { systemClock } from "../../src/clock.ts";
import type { Clock } from "../../src/clock.ts";
import { SchedulerError, show } from "../../src/errors.ts";
import { uuid } from "../../src/uuid.ts";
import type { AdminEvent } from "../hono/source.ts";

/** Most event streams one host serves at once; one more is refused (`HostAdminFailed`). */
export const MAX_EVENT_STREAMS = 32;
/** Events a stream may hold unread; a reader that falls this far behind has its stream closed. */
export const MAX_QUEUED_EVENTS = 256;
/** Events kept to replay to a stream that (re)opens: what it missed while it was away. */
export const REPLAY_EVENTS = 64;
/** Shortest and longest life of one stream, in ms. */
export const MIN_STREAM_MS = 1_000;
export const MAX_STREAM_MS = 15 * 60_000;

/**
 * Where a stream starts: the events at or after `since` (epoch ms, the subscriber's clock),
 * or, when `instance` names this host instance, the events after its sequence number `seq`
 * (what a reconnecting reader saw last; exact, where instants could tie).
 */
export interface EventCursor {
  readonly since: number;
  readonly instance?: string | undefined;
  readonly seq?: number | undefined;
}

/** One line of an event stream (newline-delimited JSON): the event, numbered per host instance. */
export interface EventLine {
  readonly instance: string;
  readonly seq: number;
  readonly event: AdminEvent;
}

const encoder = new TextEncoder();
const bad = (what: string, value: unknown): SchedulerError =>
  new SchedulerError("HostAdminOptionsInvalid", `adminEvents: ${what}, got ${show(value)}`);

/** The cursor, lifetime and id of an `adminEvents` call, checked: RPC callers may send anything. */
export function checkStreamArgs(cursor: unknown, ms: unknown, id: unknown): { cursor: EventCursor; ms: number; id: string } {
  if (typeof cursor !== "object" || cursor === null) throw bad("cursor must be an object with since", cursor);
  const { since, instance, seq } = cursor as Record<string, unknown>;
  if (typeof since !== "number" || !Number.isFinite(since)) throw bad("cursor.since must be an epoch ms", since);
  if (instance !== undefined && (typeof instance !== "string" || instance.length > 64)) throw bad("cursor.instance must be a host instance id", instance);
  if (seq !== undefined && !Number.isSafeInteger(seq)) throw bad("cursor.seq must be a whole number", seq);
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < MIN_STREAM_MS || ms > MAX_STREAM_MS) {
    throw bad(`ms must be a number of ms in [${MIN_STREAM_MS}, ${MAX_STREAM_MS}]`, ms);
  }
  if (!isStreamId(id)) throw bad("id must be 1 to 64 letters, digits and dashes", id);
  return { cursor: { since, instance: instance as string | undefined, seq: seq as number | undefined }, ms, id };
}

/** What names a stream: chosen by its reader (a uuid), so the reader can end it by name. */
export const isStreamId = (id: unknown): id is string => typeof id === "string" && /^[A-Za-z0-9-]{1,64}$/.test(id);

/** One open stream: its controller and the timer that ends it. */
interface Outlet {
  readonly id: string;
  readonly controller: ReadableStreamDefaultController<Uint8Array>;
  timer: unknown;
}

/**
 * The admin events of a host's scheduler, fanned out to byte streams of newline-delimited
 * {@link EventLine}s (what Workers RPC carries). The jobs run inside the Durable Object, so
 * their events are there; a Worker reads them through a stream it opened with the host's
 * `adminEvents`. Every buffer is bounded: at most {@link MAX_EVENT_STREAMS} streams, each
 * holding at most {@link MAX_QUEUED_EVENTS} unread events (a reader that falls behind has its
 * stream closed, and picks up from the {@link REPLAY_EVENTS} kept when it reopens). A stream
 * ends when its reader closes it by its id or cancels it (the dashboard's client went), and
 * in any case after its lifetime, so a reader that vanished without a word keeps the object
 * awake no longer than that.
 */
export class HostEvents {
  /** Names this object instance: sequence numbers restart with a new one. */
  readonly instance = uuid();
  #seq = 0;
  readonly #recent: EventLine[] = [];
  readonly #outlets = new Map<string, Outlet>();
  readonly #clock: Clock;

  /** `clock` times the streams' lifetimes. */
  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  /** How many streams are open. */
  get streams(): number {
    return this.#outlets.size;
  }

  /** Sends `event` to every open stream and keeps it for replay. */
  publish(event: AdminEvent): void {
    const line: EventLine = { instance: this.instance, seq: ++this.#seq, event };
    this.#recent.push(line);
    if (this.#recent.length > REPLAY_EVENTS) this.#recent.shift();
    const bytes = encoder.encode(`${JSON.stringify(line)}\n`);
    for (const outlet of [...this.#outlets.values()]) this.#send(outlet, bytes);
  }

  /**
   * A new stream named `id` of the events from `cursor` on (the kept ones first), ending
   * after `ms`. Throws `HostAdminFailed` when {@link MAX_EVENT_STREAMS} are open already or
   * one named `id` is.
   */
  open(cursor: EventCursor, ms: number, id: string): ReadableStream<Uint8Array> {
    if (this.#outlets.has(id)) throw new SchedulerError("HostAdminFailed", `adminEvents: a stream named ${show(id)} is open already`);
    if (this.#outlets.size >= MAX_EVENT_STREAMS) {
      throw new SchedulerError("HostAdminFailed", `adminEvents: ${MAX_EVENT_STREAMS} event streams are open already`);
    }
    const missed = this.#recent.filter((line) =>
      cursor.instance === this.instance ? line.seq > (cursor.seq ?? 0) : line.event.at >= cursor.since);
    let outlet: Outlet | undefined;
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          const opened: Outlet = { id, controller, timer: undefined };
          outlet = opened;
          this.#outlets.set(id, opened);
          opened.timer = this.#clock.setTimer(() => this.#end(opened), ms);
          for (const line of missed) this.#send(opened, encoder.encode(`${JSON.stringify(line)}\n`));
        },
        // The reader went (the dashboard's client disconnected, or the Worker stopped reading).
        cancel: () => {
          if (outlet !== undefined) this.#drop(outlet);
        },
      },
      new CountQueuingStrategy({ highWaterMark: MAX_QUEUED_EVENTS }),
    );
  }

  /**
   * Ends the stream named `id`; false when none is open. Its reader says so when it goes:
   * workerd does not always pass a cancel of an idle stream back over RPC.
   */
  close(id: string): boolean {
    const outlet = this.#outlets.get(id);
    if (outlet === undefined) return false;
    this.#end(outlet);
    return true;
  }

  #send(outlet: Outlet, bytes: Uint8Array): void {
    const room = outlet.controller.desiredSize;
    // Full: the reader is not keeping up. Ending its stream bounds the memory; it reopens and
    // gets what it missed from the replay, as far as that reaches.
    if (room === null || room <= 0) {
      this.#end(outlet);
      return;
    }
    try {
      outlet.controller.enqueue(bytes);
    } catch {
      this.#end(outlet); // closed or errored from the reader's side: forget it
    }
  }

  #end(outlet: Outlet): void {
    if (!this.#drop(outlet)) return;
    try {
      outlet.controller.close();
    } catch {
      // already closed or errored by the other side
    }
  }

  /** Forgets `outlet`; false when it was gone already. */
  #drop(outlet: Outlet): boolean {
    this.#clock.clearTimer(outlet.timer);
    if (this.#outlets.get(outlet.id) !== outlet) return false;
    return this.#outlets.delete(outlet.id);
  }
}
