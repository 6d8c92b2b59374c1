// The few parts of the Workers runtime module that the Durable Object classes use. Declared
// here so `src/` and `adapters/` type-check against the DOM lib without pulling all of
// @cloudflare/workers-types (whose globals clash with it); that package's real declarations
// are compatible with these and replace them in a Worker project.
declare module "cloudflare:workers" {
  type SqlValue = ArrayBuffer | string | number | null;

  interface SqlCursor<T> extends Iterable<T> {
    toArray(): T[];
    one(): T;
    readonly rowsWritten: number;
  }

  interface DurableObjectStorage {
    readonly sql: {
      exec<T extends Record<string, SqlValue>>(query: string, ...bindings: unknown[]): SqlCursor<T>;
    };
    transactionSync<T>(closure: () => T): T;
    getAlarm(): Promise<number | null>;
    setAlarm(scheduledTime: number | Date): Promise<void>;
    deleteAlarm(): Promise<void>;
  }

  interface DurableObjectState {
    readonly storage: DurableObjectStorage;
    blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
    waitUntil(promise: Promise<unknown>): void;
  }

  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState;
    protected env: Env;
    constructor(ctx: DurableObjectState, env: Env);
    alarm?(alarmInfo?: { readonly retryCount: number; readonly isRetry: boolean }): void | Promise<void>;
    fetch?(request: Request): Response | Promise<Response>;
  }
}
