import { systemClock } from "../../src/clock.ts";
import type { Clock } from "../../src/clock.ts";
import { SchedulerError, show } from "../../src/errors.ts";
import { reasonOf } from "../../src/option-values.ts";
import { Deadline } from "../shared/deadline.ts";
import { untilAborted } from "../shared/until-aborted.ts";
import type { AdminEvent, AdminJob, AdminJobDetail, AdminSource } from "../hono/source.ts";
import { checkClock, checkTimeout } from "./checks.ts";
import { EventReader } from "./host-event-reader.ts";
import { MAX_STREAM_MS, MIN_STREAM_MS } from "./host-events.ts";
import type { EventCursor } from "./host-events.ts";

/**
 * The RPC methods of a {@link SchedulerHost} stub that the admin uses. Written structurally so
 * the stub from @cloudflare/workers-types fits.
 */
export interface SchedulerHostStub {
  adminJobs(): Promise<readonly AdminJob[]>;
  adminJob(name: string): Promise<AdminJobDetail | null>;
  adminRun(name: string): Promise<boolean>;
  pauseJob(name: string): Promise<boolean>;
  resumeJob(name: string): Promise<boolean>;
  adminEvents(cursor: EventCursor, ms: number, id: string): Promise<ReadableStream<Uint8Array>>;
  adminEventsEnd(id: string): Promise<boolean>;
}

/**
 * A Durable Object namespace bound to a {@link SchedulerHost} subclass (`env.SCHEDULER`).
 * Written structurally so a `DurableObjectNamespace<YourHost>` fits.
 */
export interface SchedulerHostNamespace {
  getByName(name: string): SchedulerHostStub;
}

/** Options of {@link HostAdminSource}. */
export interface HostAdminSourceOptions {
  /**
   * The scheduler host's namespace binding, e.g. `env.SCHEDULER`. Each call gets its stub
   * from it, so one source (and the `adminApp` around it) can serve every request of the
   * Worker: a stub belongs to the request that made it.
   */
  readonly namespace: SchedulerHostNamespace;
  /** The host instance's name, as the Worker's other routes reach it. @default "main" */
  readonly name?: string;
  /**
   * How long one call to the host may take before it fails with `HostAdminFailed` (the admin
   * API then answers 500); a stub call cannot be cancelled, so the source stops waiting.
   * At most 60 s. @default 10_000
   */
  readonly timeoutMs?: number;
  /**
   * How long one event stream from the host lasts before it ends and the next is opened
   * (1 s to 15 min). It bounds how long a stream whose reader vanished keeps the host awake
   * and holds one of its 32 places: a Worker request that ended with its client cannot tell
   * the host any more. Reopening costs one call per subscriber per `streamMs`. @default 60_000
   */
  readonly streamMs?: number;
  /** Hears each failure of an event stream (the source reopens it after a backoff). @default none */
  readonly onError?: (error: SchedulerError) => void;
  /** Times the calls and the reopening of streams. @default the system clock */
  readonly clock?: Clock;
}

const OWNER = "HostAdminSource";
const MAX_TIMEOUT_MS = 60_000;
/** Longest host name: Durable Object names may be longer, but no host needs one. */
const MAX_NAME = 256;

/**
 * The admin dashboard's source (`adminApp` of `isocron/hono`) for a scheduler hosted in a
 * Durable Object ({@link SchedulerHost}): each call is an RPC call to the host, where the
 * scheduler, its stored history and paused states live, so everything shown survives the
 * object's restarts. Job ids are job names. Events come from the host over a stream per
 * subscriber (see {@link SchedulerHost.adminEvents}), reopened from where it left off when it
 * ends. Every call has a timeout; failures reject with `HostAdminFailed`.
 *
 * @example
 * const source = new HostAdminSource({ namespace: env.SCHEDULER });
 * app.route("/admin", adminApp(source, { token: env.ADMIN_TOKEN }));
 */
export class HostAdminSource implements AdminSource {
  readonly #namespace: SchedulerHostNamespace;
  readonly #name: string;
  readonly #timeoutMs: number;
  readonly #streamMs: number;
  readonly #clock: Clock;
  readonly #onError: ((error: SchedulerError) => void) | undefined;

  constructor(options: HostAdminSourceOptions) {
    if (typeof options !== "object" || options === null) {
      throw new SchedulerError("HostAdminOptionsInvalid", `${OWNER} needs an options object with host, got ${show(options)}`);
    }
    const { namespace, name = "main", onError } = options;
    if (typeof namespace !== "object" || namespace === null || typeof namespace.getByName !== "function") {
      throw new SchedulerError("HostAdminOptionsInvalid", `${OWNER}: namespace must be a Durable Object namespace binding with getByName(), e.g. env.SCHEDULER, got ${show(namespace)}`);
    }
    if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME) {
      throw new SchedulerError("HostAdminOptionsInvalid", `${OWNER}: name must be a string of 1 to ${MAX_NAME} characters, got ${show(name)}`);
    }
    if (onError !== undefined && typeof onError !== "function") {
      throw new SchedulerError("HostAdminOptionsInvalid", `${OWNER}: onError must be a function, got ${show(onError)}`);
    }
    const streamMs = options.streamMs ?? 60_000;
    if (typeof streamMs !== "number" || !Number.isFinite(streamMs) || streamMs < MIN_STREAM_MS || streamMs > MAX_STREAM_MS) {
      throw new SchedulerError("HostAdminOptionsInvalid", `${OWNER}: streamMs must be a number of ms in [${MIN_STREAM_MS}, ${MAX_STREAM_MS}], got ${show(streamMs)}`);
    }
    this.#timeoutMs = checkTimeout(options.timeoutMs, 10_000, MAX_TIMEOUT_MS, "HostAdminOptionsInvalid", OWNER);
    this.#clock = checkClock(options.clock, systemClock, "HostAdminOptionsInvalid", OWNER);
    this.#namespace = namespace;
    this.#name = name;
    this.#streamMs = streamMs;
    this.#onError = onError;
  }

  async listJobs(): Promise<readonly AdminJob[]> {
    return this.#answer("adminJobs", await this.#call("adminJobs", (h) => h.adminJobs()), Array.isArray);
  }

  async getJob(id: string): Promise<AdminJobDetail | null> {
    const job = await this.#call("adminJob", (h) => h.adminJob(id));
    return this.#answer("adminJob", job, (v) => v === null || (typeof v === "object" && Array.isArray((v as AdminJobDetail).history)));
  }

  async runJob(id: string): Promise<boolean> {
    return this.#answer("adminRun", await this.#call("adminRun", (h) => h.adminRun(id)), isBoolean);
  }

  async pauseJob(id: string): Promise<boolean> {
    return this.#answer("pauseJob", await this.#call("pauseJob", (h) => h.pauseJob(id)), isBoolean);
  }

  async resumeJob(id: string): Promise<boolean> {
    return this.#answer("resumeJob", await this.#call("resumeJob", (h) => h.resumeJob(id)), isBoolean);
  }

  /**
   * Opens an event stream from the host for `listener`; the returned function cancels it
   * (which ends it in the host too). Events from the moment of this call on are delivered,
   * those the host kept included if the stream opens a little later.
   */
  subscribe(listener: (event: AdminEvent) => void): () => void {
    const reader = new EventReader(
      {
        open: (cursor, id) => this.#call("adminEvents", (h) => h.adminEvents(cursor, this.#streamMs, id)),
        end: (id) => this.#call("adminEventsEnd", (h) => h.adminEventsEnd(id)),
      },
      listener,
      {
        clock: this.#clock,
        maxStreamMs: this.#streamMs + this.#timeoutMs,
        onError: (error) => {
          const failure = error instanceof SchedulerError ? error : fail("adminEvents", `the stream broke off: ${reasonOf(error)}`, error);
          try {
            this.#onError?.(failure);
          } catch {
            // a throwing onError must not stop the stream
          }
        },
      },
    );
    return () => reader.stop();
  }

  /** One RPC call, failing with `HostAdminFailed` after `timeoutMs` or when the host throws. */
  async #call<T>(method: string, call: (host: SchedulerHostStub) => Promise<T>): Promise<T> {
    const deadline = new Deadline(this.#clock, this.#timeoutMs);
    const pending = Promise.resolve().then(() => call(this.#namespace.getByName(this.#name)));
    try {
      return await untilAborted(pending, deadline.signal);
    } catch (error) {
      if (deadline.timedOut) {
        // A stream that arrives after we gave up is cancelled, so it does not keep the host awake.
        pending.then((late) => (late instanceof ReadableStream ? late.cancel() : undefined)).catch(() => undefined);
        throw fail(method, `no answer within ${this.#timeoutMs} ms`, error);
      }
      throw fail(method, hostReason(error), error);
    } finally {
      deadline.end();
    }
  }

  #answer<T>(method: string, value: T, ok: (value: unknown) => boolean): T {
    if (!ok(value)) throw fail(method, "the host gave a malformed answer", undefined);
    return value;
  }
}

const isBoolean = (value: unknown): boolean => typeof value === "boolean";

const fail = (method: string, why: string, cause: unknown): SchedulerError =>
  new SchedulerError("HostAdminFailed", `${OWNER}: ${method} failed: ${why}`, { cause });

/**
 * Why a call failed, fit for an API answer: our own messages (thrown in the host, carried over
 * RPC) without their prefix; of anything else only its name, as its message may carry
 * anything (the raw error stays in `cause`).
 */
function hostReason(error: unknown): string {
  const ours = error instanceof Error ? /^(?:SchedulerError: )?\[isocron\] ([\s\S]*)$/.exec(error.message) : null;
  if (ours !== null) return ours[1] as string;
  let name = "an error";
  try {
    if (error instanceof Error) name = String(error.name).slice(0, 100);
  } catch {
    // an unreadable error is just "an error"
  }
  return `the host threw ${name}`;
}
