import type { Elector } from "../../src/distributed.ts";
import { SchedulerError, show } from "../../src/errors.ts";

/**
 * The part of the Web Locks `LockManager` the elector uses, declared here so its types need
 * no DOM lib. `navigator.locks` fits it.
 */
export interface WebLocksManager {
  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: object | null) => unknown,
  ): Promise<unknown>;
}

/** Options for {@link WebLocksElector}. */
export interface WebLocksElectorOptions {
  /**
   * The Web Lock's name; tabs of one origin that share it elect one leader between them.
   * Names starting with `-` are reserved by the Web Locks spec.
   * @default "isocron-leader"
   */
  name?: string;
  /**
   * The lock manager to use.
   * @default globalThis.navigator.locks
   */
  locks?: WebLocksManager;
  /** Called with `true` when this tab becomes the leader and `false` when it stops being it. */
  onChange?: (leader: boolean) => void;
}

/**
 * An {@link Elector} for browser tabs (and workers) of one origin, over the Web Locks API.
 * The first instance to ask takes the lock and keeps it while its callback's promise is
 * pending; the others queue for it. The browser releases it when the leader's tab closes or
 * crashes, and the next tab in the queue is granted it at once. No server, no lease to renew.
 *
 * @example
 * const scheduler = new Scheduler({ elector: new WebLocksElector({ name: "my-app-jobs" }) });
 */
export class WebLocksElector implements Elector {
  readonly name: string;
  readonly #locks: WebLocksManager;
  readonly #onChange: ((leader: boolean) => void) | undefined;
  /** Aborts a queued request, so `stop()` leaves the queue too. */
  readonly #abort = new AbortController();
  #leader = false;
  #stopped = false;
  #release: (() => void) | undefined;
  /** Settles when the first attempt knows whether this instance leads. */
  #joined: Promise<void> | undefined;
  #failure: unknown;

  constructor(options?: WebLocksElectorOptions) {
    const { name, locks, onChange } = readOptions(options);
    this.name = name;
    this.#locks = locks;
    this.#onChange = onChange;
  }

  /**
   * Resolves `true` while this instance holds the lock. The first call joins the election: it
   * takes the lock if it is free and otherwise queues for it, resolving `false` meanwhile.
   * Resolves `false` after {@link WebLocksElector.stop}.
   */
  async isLeader(_signal?: AbortSignal): Promise<boolean> {
    if (this.#stopped) return false;
    this.#joined ??= this.#join();
    await this.#joined;
    if (this.#failure !== undefined) {
      const cause = this.#failure;
      // Forget the failed attempt so the next question tries again.
      this.#failure = undefined;
      this.#joined = undefined;
      throw new SchedulerError("ElectorFailed", `Web Lock ${show(this.name)} could not be requested`, { cause });
    }
    return this.#leader;
  }

  /** Gives up leadership (or the place in the queue) for good; another tab takes over. */
  stop(): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      this.#abort.abort();
      this.#release?.();
    }
    return Promise.resolve();
  }

  /**
   * Tries the lock without waiting; when it is taken, queues for it in the background.
   * Settles as soon as the answer is known: the granted callback itself never returns while
   * this instance leads, so waiting for `request()` would wait for the end of leadership.
   */
  #join(): Promise<void> {
    return new Promise<void>((known) => {
      this.#request({ ifAvailable: true }, (lock) => {
        if (lock === null) {
          if (!this.#stopped) this.#queue();
          known();
          return undefined;
        }
        const held = this.#hold();
        known();
        return held;
      }).catch((error: unknown) => {
        this.#failure = error;
        known();
      });
    });
  }

  /** Waits for the lock in the background; the browser grants it when the leader goes. */
  #queue(): void {
    this.#request({ signal: this.#abort.signal }, () => this.#hold()).catch((error: unknown) => {
      // An abort is our own stop(); anything else is reported on the next isLeader().
      if (!this.#stopped) this.#failure = error;
    });
  }

  /** `locks.request`, with a synchronous throw or a non-promise result made a promise. */
  #request(options: { ifAvailable?: boolean; signal?: AbortSignal }, callback: (lock: object | null) => unknown): Promise<unknown> {
    try {
      return Promise.resolve(this.#locks.request(this.name, options, callback));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Runs inside the lock callback: the lock stays held until the returned promise settles. */
  #hold(): Promise<true> {
    this.#setLeader(true);
    // Resolving after the callback returns (not before) keeps the lock held until stop().
    return new Promise<true>((resolve) => {
      this.#release = () => {
        this.#release = undefined;
        this.#setLeader(false);
        resolve(true);
      };
      if (this.#stopped) this.#release();
    });
  }

  #setLeader(leader: boolean): void {
    if (this.#leader === leader) return;
    this.#leader = leader;
    try {
      this.#onChange?.(leader);
    } catch {
      // A listener that throws must not lose or keep the lock by accident.
    }
  }
}

const invalid = (message: string, cause?: unknown): SchedulerError =>
  new SchedulerError("WithElectorInvalid", `WebLocksElector: ${message}`, cause === undefined ? undefined : { cause });

/**
 * Checks the options before anything is kept: each is read once (a getter or Proxy that throws
 * is a `WithElectorInvalid` error, not a raw TypeError), then the lock manager is found.
 */
function readOptions(options: unknown): { name: string; locks: WebLocksManager; onChange: ((leader: boolean) => void) | undefined } {
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw invalid(`options must be an object, got ${show(options)}`);
  }
  let name: unknown, locks: unknown, onChange: unknown, request: unknown;
  try {
    const o = (options ?? {}) as Record<string, unknown>;
    name = o.name;
    locks = o.locks;
    onChange = o.onChange;
  } catch (error) {
    throw invalid("options could not be read", error);
  }
  if (name === undefined) name = "isocron-leader";
  if (typeof name !== "string" || name === "" || name.startsWith("-")) {
    throw new SchedulerError(
      "WebLocksNameInvalid",
      `lock name ${show(name)} must be a non-empty string not starting with "-" (reserved by the Web Locks spec)`,
    );
  }
  if (onChange !== undefined && typeof onChange !== "function") {
    throw invalid(`onChange must be a function, got ${show(onChange)}`);
  }
  const given = locks !== undefined;
  try {
    if (!given) locks = (globalThis as { navigator?: { locks?: unknown } }).navigator?.locks;
    request = locks !== null && (typeof locks === "object" || typeof locks === "function") ? (locks as WebLocksManager).request : undefined;
  } catch (error) {
    throw invalid("the lock manager could not be read", error);
  }
  if (given && typeof request !== "function") {
    throw invalid(`locks must be a lock manager with a request() method, got ${show(locks)}`);
  }
  if (typeof request !== "function") {
    throw new SchedulerError(
      "WebLocksUnavailable",
      "navigator.locks is not available here (Web Locks need a secure context: https or localhost)",
    );
  }
  return { name, locks: locks as WebLocksManager, onChange: onChange as ((leader: boolean) => void) | undefined };
}
