/** What {@link LeaseObject} answers to `acquire` and `renew`. */
export interface LeaseResult {
  /** Whether the caller holds the lease now. */
  readonly held: boolean;
  /**
   * How long the lease lasts from now by the object's own clock, in ms, whoever holds it;
   * 0 when it is free. A follower uses it to know when to ask again.
   */
  readonly remainingMs: number;
  /**
   * The fencing token of the caller's holding: increases with every new acquisition in the
   * object (a renewal keeps it); 0 when the caller does not hold the lease.
   */
  readonly fence: number;
}

/** The RPC methods of a {@link LeaseObject} stub, as a Worker calls them. */
export interface LeaseStub {
  acquire(name: string, holder: string, ttlMs: number): Promise<LeaseResult>;
  renew(name: string, holder: string, ttlMs: number): Promise<LeaseResult>;
  release(name: string, holder: string, graceMs?: number): Promise<boolean>;
}

/**
 * A Durable Object namespace bound to {@link LeaseObject} (`env.LEASES`). Written
 * structurally so a `DurableObjectNamespace<LeaseObject>` from @cloudflare/workers-types fits.
 */
export interface LeaseNamespace {
  getByName(name: string): LeaseStub;
}

/** Where the lease lives: a namespace binding (inside Workers) or the Worker's HTTP routes. */
export type LeaseConnection =
  | {
      /** The lease objects' namespace binding, e.g. `env.LEASES`; calls go over RPC. */
      readonly namespace: LeaseNamespace;
      readonly url?: undefined;
      readonly token?: undefined;
      readonly allowInsecure?: undefined;
    }
  | {
      readonly namespace?: undefined;
      /**
       * Base URL of a Worker serving the lease routes (`POST <url>/lease/acquire` and so on),
       * e.g. `"https://isocron.example.workers.dev"`. No credentials in it: use `token`.
       */
      readonly url: string | URL;
      /** The Worker's bearer token (its `API_TOKEN` secret). Never logged or shown in errors. */
      readonly token: string;
      /**
       * Allows a plain `http:` URL to a host that is not loopback (the token then travels in
       * clear). Without it such a URL is refused; `http://localhost`, `127.x.x.x` and `[::1]`
       * are always allowed. @default false
       */
      readonly allowInsecure?: boolean;
      /**
       * Sends the requests, e.g. a service binding's fetch inside another Worker
       * (`(url, init) => env.ISOCRON.fetch(url, init)`). Pass `init` on whole: it carries
       * `redirect: "manual"` (any 3xx answer is refused) and the call's abort `signal`.
       * @default the global `fetch`
       */
      readonly fetch?: (url: string, init: RequestInit) => Promise<Response>;
    };
