// WebLocksElector's checks before it touches the lock manager: every bad option is a
// SchedulerError with a code, never a raw TypeError; and a manager that misbehaves is reported
// as ElectorFailed. (The real Web Locks behaviour is tested in a browser: e2e/browser.)
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebLocksElector, type WebLocksManager } from "../../adapters/web-locks/index.ts";
import { SchedulerError } from "../../src/errors.ts";

/** A lock manager for one holder: grants at once, releases when the callback's promise settles. */
function freeLocks(): WebLocksManager & { requests: string[] } {
  const requests: string[] = [];
  return {
    requests,
    request: async (name, _options, callback) => {
      requests.push(name);
      return callback({ name });
    },
  };
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SchedulerError) return error.code;
    throw new Error(`expected a SchedulerError, got ${String(error)}`);
  }
  throw new Error("expected a SchedulerError, nothing was thrown");
}

const make = (options: unknown) => () => new WebLocksElector(options as never);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("WebLocksElector options", () => {
  it("options that are not an object: WithElectorInvalid", () => {
    for (const options of [null, 5, "name", true, Symbol("x"), 10n, () => {}]) {
      expect(codeOf(make(options)), String(typeof options)).toBe("WithElectorInvalid");
    }
  });

  it("a throwing getter or a Proxy whose traps throw: WithElectorInvalid, with the cause kept", () => {
    const boom = new Error("boom");
    const getter = Object.defineProperty({}, "name", { get: () => { throw boom; } });
    const proxy = new Proxy({}, { get: () => { throw boom; } });
    for (const options of [getter, proxy]) {
      let error: unknown;
      try {
        new WebLocksElector(options as never);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SchedulerError);
      expect((error as SchedulerError).code).toBe("WithElectorInvalid");
      expect((error as SchedulerError).cause).toBe(boom);
    }
    const badManager = new Proxy({}, { get: () => { throw boom; } });
    expect(codeOf(make({ locks: badManager }))).toBe("WithElectorInvalid");
  });

  it("a bad name: WebLocksNameInvalid, the name shortened in the message", () => {
    for (const name of [null, 5, "", "-reserved", {}, ["a"]]) expect(codeOf(make({ name, locks: freeLocks() }))).toBe("WebLocksNameInvalid");
    try {
      new WebLocksElector({ name: `-${"x".repeat(1_000_000)}`, locks: freeLocks() });
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(300);
    }
  });

  it("a bad locks or onChange: WithElectorInvalid", () => {
    for (const locks of [null, 5, "locks", {}, { request: "no" }]) expect(codeOf(make({ locks })), String(locks)).toBe("WithElectorInvalid");
    for (const onChange of [null, 5, "f", {}]) expect(codeOf(make({ locks: freeLocks(), onChange }))).toBe("WithElectorInvalid");
  });

  it("no lock manager given and none in navigator: WebLocksUnavailable", () => {
    vi.stubGlobal("navigator", undefined);
    expect(codeOf(make(undefined))).toBe("WebLocksUnavailable");
    expect(codeOf(make({}))).toBe("WebLocksUnavailable");
    vi.stubGlobal("navigator", { locks: undefined });
    expect(codeOf(make({ name: "jobs" }))).toBe("WebLocksUnavailable");
  });

  it("navigator.locks is used when no manager is given", async () => {
    const locks = freeLocks();
    vi.stubGlobal("navigator", { locks });
    const elector = new WebLocksElector();
    expect(elector.name).toBe("isocron-leader");
    expect(await elector.isLeader()).toBe(true);
    expect(locks.requests).toEqual(["isocron-leader"]);
    await elector.stop();
    expect(await elector.isLeader()).toBe(false);
  });
});

describe("WebLocksElector with a misbehaving lock manager", () => {
  it("request() that throws synchronously: ElectorFailed on isLeader(), and the next call tries again", async () => {
    let calls = 0;
    const locks: WebLocksManager = {
      request: (name, _options, callback) => {
        calls++;
        if (calls === 1) throw new TypeError("sync failure");
        return Promise.resolve(callback({ name }));
      },
    };
    const elector = new WebLocksElector({ locks });
    await expect(elector.isLeader()).rejects.toMatchObject({ code: "ElectorFailed", cause: expect.any(TypeError) });
    expect(await elector.isLeader()).toBe(true);
    expect(calls).toBe(2);
    await elector.stop();
  });
});
