/**
 * Hostile values for the public-API fuzz test, and a seeded PRNG so every run draws the same
 * cases (set FUZZ_SEED to explore others; a failure prints the seed and case number).
 */

export { prng } from "../support/prng.ts";

export type Rng = () => number;

export function pick<T>(rng: Rng, values: readonly T[]): T {
  return values[Math.floor(rng() * values.length)] as T;
}

export const T0 = Date.UTC(2026, 0, 1);
const MB = "x".repeat(1 << 20);

export function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

const trap = (): never => {
  throw new TypeError("hostile trap");
};
/** A Proxy whose every trap throws. */
export const throwingProxy = new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap });

/** An object whose every listed property is a getter that throws. */
export function throwingGetters(keys: readonly string[]): object {
  const out = {};
  for (const key of keys) Object.defineProperty(out, key, { enumerable: true, get: trap });
  return out;
}

// eslint-disable-next-line no-sparse-arrays
const holes = [1, , 3];

/** Numbers a careless or hostile caller passes where a number is expected. */
export const NUMBERS: readonly unknown[] = [
  0, -0, 1, 2, 5, 6, 7, 23, 24, 31, -1, -31, 32, 59, 60, 1000, 1001, 1.5, 1e-4, Number.MIN_VALUE,
  Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53, 1e308, -1e308, Number.MAX_VALUE,
  8.64e15, 8.64e15 + 1, 2 ** 31, 2 ** 31 - 1, T0, T0 + 5000, T0 - 5000,
];

/** Values of every other kind (made once: a sparse array of 1e6 still costs 8 MB). */
const OTHERS: readonly unknown[] = [
  undefined, null, true, false, "", "x", MB, "immediately", "UTC", "1000", Symbol("s"), 10n, -1n,
  {}, Object.create(null), [], holes, new Array(1e6), [[1]], throwingProxy, revokedProxy(),
  throwingGetters(["name", "tags", "id", "limit", "hours", "length", "0"]),
  new Date(Number.NaN), new Date(8.64e15), new Date(-8.64e15), new Date(T0 + 5000), new Date(T0 - 5000),
  new Proxy(new Date(T0 + 5000), {}), () => {}, function named() {}, new Proxy(() => {}, {}),
];

/** Any value: a number, or something of another kind. */
export function anyValue(rng: Rng): unknown {
  return rng() < 0.4 ? pick(rng, NUMBERS) : pick(rng, OTHERS);
}

/** An array built from `item`, sometimes with holes, sometimes hostile itself. */
export function anyList(rng: Rng, item: (rng: Rng) => unknown): unknown {
  const r = rng();
  if (r < 0.1) return anyValue(rng);
  if (r < 0.15) return new Proxy([item(rng)], { get: trap });
  const list: unknown[] = [];
  const length = Math.floor(rng() * 4);
  for (let i = 0; i < length; i++) list.push(item(rng));
  if (r < 0.25) list.length += 2; // trailing holes
  return list;
}
