// The thin test wrapper the conformance file uses, so the same file runs unchanged under
// Node, Deno and Bun: `test(name, fn)`, a few asserts, and `run()` printing the counts.

/** Which runtime runs us. */
export const runtime = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";

const tests = [];

/** Registers a test; `fn` may be async. */
export function test(name, fn) {
  tests.push({ name, fn });
}

export class AssertionError extends Error {
  name = "AssertionError";
}

const fmt = (value) => {
  try {
    return JSON.stringify(value, (_k, v) => (v instanceof Date ? v.toISOString() : v));
  } catch {
    return String(value);
  }
};

export const assert = {
  ok(value, message = "expected a truthy value") {
    if (!value) throw new AssertionError(`${message}, got ${fmt(value)}`);
  },
  equal(actual, expected, message = "") {
    if (!Object.is(actual, expected)) {
      throw new AssertionError(`${message ? `${message}: ` : ""}expected ${fmt(expected)}, got ${fmt(actual)}`);
    }
  },
  deepEqual(actual, expected, message = "") {
    if (fmt(actual) !== fmt(expected)) {
      throw new AssertionError(`${message ? `${message}: ` : ""}expected ${fmt(expected)}, got ${fmt(actual)}`);
    }
  },
  /** `fn` throws (or rejects with) an error whose `code` is `code`; returns that error. */
  async throwsCode(fn, code) {
    let error;
    try {
      await fn();
    } catch (e) {
      error = e;
    }
    if (error === undefined) throw new AssertionError(`expected an error with code ${code}, nothing was thrown`);
    if (error?.code !== code) throw new AssertionError(`expected code ${code}, got ${fmt(error?.code)}: ${error}`);
    return error;
  },
};

/** Runs every registered test in order, prints one line each and the counts; sets the exit code. */
export async function run({ timeoutMs = 10_000 } = {}) {
  let passed = 0;
  let failed = 0;
  for (const { name, fn } of tests) {
    let timer;
    try {
      await Promise.race([
        fn(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new AssertionError(`timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      passed++;
      console.log(`  ok   ${name}`);
    } catch (error) {
      failed++;
      console.log(`  FAIL ${name}\n       ${error?.stack ?? error}`);
    } finally {
      clearTimeout(timer);
    }
  }
  // tools/test-all.mjs reads this line.
  console.log(`conformance (${runtime}): ${passed} passed, ${failed} failed`);
  const code = failed === 0 ? 0 : 1;
  if (globalThis.Deno) globalThis.Deno.exit(code);
  else globalThis.process.exit(code);
}
