/**
 * The part of vitest's API the shared contract suites (test/contracts/*.contract.ts) and the
 * Deno KV harness use, built on `Deno.test`, so those files run unchanged in real Deno: the
 * import map next to this file maps "vitest" here. Not a test runner of its own: describe
 * names, it registers a `Deno.test`, hooks run once per describe block, expect throws.
 * Checked by shim.test.deno.ts.
 */

type Body = () => unknown | Promise<unknown>;

interface Scope {
  readonly name: string;
  readonly parent: Scope | null;
  readonly beforeAll: Body[];
  readonly afterAll: Body[];
  /** Tests registered in this scope or below that still have to run. */
  remaining: number;
  /** The beforeAll hooks' run, started by the first test of the scope. */
  ready: Promise<void> | null;
}

declare const Deno: {
  test(options: { name: string; fn: () => Promise<void>; ignore?: boolean; sanitizeOps?: boolean; sanitizeResources?: boolean }): void;
};

let current: Scope = { name: "", parent: null, beforeAll: [], afterAll: [], remaining: 0, ready: null };

function chain(scope: Scope): Scope[] {
  const scopes: Scope[] = [];
  for (let s: Scope | null = scope; s !== null; s = s.parent) scopes.unshift(s);
  return scopes;
}

/** True while the body of a skipped describe registers its tests (as ignored). */
let skipping = false;

function group(name: string, body: () => void, skip: boolean): void {
  const parent = current;
  const wasSkipping = skipping;
  current = { name, parent, beforeAll: [], afterAll: [], remaining: 0, ready: null };
  skipping = wasSkipping || skip;
  try {
    body();
  } finally {
    current = parent;
    skipping = wasSkipping;
  }
}

/** Groups tests under a name; hooks declared inside apply to its tests only. */
export const describe: {
  (name: string, body: () => void): void;
  /** `describe.skipIf(condition)(name, body)`: every test inside is reported as ignored when `condition` holds. */
  skipIf(condition: unknown): (name: string, body: () => void) => void;
} = Object.assign((name: string, body: () => void) => group(name, body, false), {
  skipIf: (condition: unknown) => (name: string, body: () => void) => group(name, body, Boolean(condition)),
});

/** Runs once, before the first test of the enclosing describe (or file). */
export function beforeAll(body: Body): void {
  current.beforeAll.push(body);
}

/** Runs once, after the last test of the enclosing describe (or file). */
export function afterAll(body: Body): void {
  current.afterAll.push(body);
}

function register(name: string, body: Body, skip: boolean): void {
  const ignore = skip || skipping;
  const scopes = chain(current);
  const fullName = [...scopes.map((s) => s.name).filter(Boolean), name].join(" > ");
  if (!ignore) for (const s of scopes) s.remaining += 1;
  Deno.test({
    name: fullName,
    ignore,
    // Hooks share resources (a KV, a server) across tests, as in vitest.
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => {
      try {
        for (const s of scopes) {
          s.ready ??= (async () => {
            for (const hook of s.beforeAll) await hook();
          })();
          await s.ready;
        }
        await body();
      } finally {
        for (const s of [...scopes].reverse()) {
          s.remaining -= 1;
          if (s.remaining === 0) for (const hook of s.afterAll) await hook();
        }
      }
    },
  });
}

interface It {
  (name: string, body: Body): void;
  (name: string, options: { timeout?: number }, body: Body): void;
  /** `it.skipIf(condition)(name, body)`: the test is reported as ignored when `condition` holds. */
  skipIf(condition: unknown): (name: string, body: Body) => void;
}

/** One test. A vitest options object (timeout) is accepted and ignored: Deno has no per-test timeout. */
export const it: It = Object.assign(
  (name: string, optionsOrBody: Body | { timeout?: number }, maybeBody?: Body): void => {
    const body = typeof optionsOrBody === "function" ? optionsOrBody : maybeBody;
    if (body === undefined) throw new Error(`it(${JSON.stringify(name)}) has no body`);
    register(name, body, false);
  },
  { skipIf: (condition: unknown) => (name: string, body: Body) => register(name, body, Boolean(condition)) },
);

export const test = it;

function show(value: unknown): string {
  try {
    return typeof value === "string" ? JSON.stringify(value) : typeof value === "bigint" ? `${value}n` : JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export interface Matchers {
  toBe(expected: unknown): void;
  toBeDefined(): void;
  toEqual(expected: unknown): void;
  toBeNull(): void;
  toHaveLength(length: number): void;
  toBeLessThan(bound: number): void;
  toBeLessThanOrEqual(bound: number): void;
  toBeGreaterThan(bound: number): void;
  toBeGreaterThanOrEqual(bound: number): void;
}

function matchers(actual: unknown, message: string | undefined, negate: boolean): Matchers {
  const check = (pass: boolean, what: string): void => {
    if (pass === negate) throw new Error(`${message ? `${message}: ` : ""}expected ${show(actual)} ${negate ? "not " : ""}${what}`);
  };
  const num = (bound: number): number => {
    if (typeof actual !== "number" || typeof bound !== "number") throw new Error(`${message ? `${message}: ` : ""}expected numbers, got ${show(actual)} and ${show(bound)}`);
    return actual;
  };
  return {
    toBe: (expected) => check(Object.is(actual, expected), `to be ${show(expected)}`),
    toEqual: (expected) => check(deepEqual(actual, expected), `to equal ${show(expected)}`),
    toBeNull: () => check(actual === null, "to be null"),
    toBeDefined: () => check(actual !== undefined, "to be defined"),
    toHaveLength: (length) => check((actual as { length?: unknown } | null)?.length === length, `to have length ${length}`),
    toBeLessThan: (bound) => check(num(bound) < bound, `to be less than ${bound}`),
    toBeLessThanOrEqual: (bound) => check(num(bound) <= bound, `to be less than or equal to ${bound}`),
    toBeGreaterThan: (bound) => check(num(bound) > bound, `to be greater than ${bound}`),
    toBeGreaterThanOrEqual: (bound) => check(num(bound) >= bound, `to be greater than or equal to ${bound}`),
  };
}

/** The matchers, applied to the reason `actual` (a promise) rejects with; they fail if it resolves. */
type Rejects = { [K in keyof Matchers]: (...args: Parameters<Matchers[K]>) => Promise<void> };

function rejects(actual: unknown, message: string | undefined): Rejects {
  const reason = async (): Promise<unknown> => {
    try {
      const value = await actual;
      throw new Error(`${message ? `${message}: ` : ""}expected a rejection, got ${show(value)}`);
    } catch (error) {
      if (error instanceof Error && error.message.includes("expected a rejection, got")) throw error;
      return error;
    }
  };
  const names = Object.keys(matchers(undefined, message, false)) as Array<keyof Matchers>;
  return Object.fromEntries(names.map((name) => [name, async (...args: unknown[]) => {
    const m = matchers(await reason(), message, false) as unknown as Record<string, (...a: unknown[]) => void>;
    m[name]?.(...args);
  }])) as Rejects;
}

/** `expect(actual, message?)` with the matchers above, `.not`, and `.rejects` (awaited). */
export function expect(actual: unknown, message?: string): Matchers & { not: Matchers; rejects: Rejects } {
  return Object.assign(matchers(actual, message, false), { not: matchers(actual, message, true), rejects: rejects(actual, message) });
}
