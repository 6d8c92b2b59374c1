import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import type { Elector, Lock, Locker, LockOptions } from "../../src/distributed.ts";
import { recordingLogger, recordingMonitor, setup } from "./helpers.ts";

/** A backend that is down while `down` is true. */
class SwitchableLocker implements Locker {
  down = false;
  async lock(_key: string, _options: LockOptions): Promise<Lock | null> {
    if (this.down) throw new Error("ECONNREFUSED 127.0.0.1:6379");
    return { unlock: async () => {} };
  }
}

class SwitchableElector implements Elector {
  down = false;
  async isLeader(): Promise<boolean> {
    if (this.down) throw new Error("no answer within 3000 ms");
    return true;
  }
}

describe("an elector or locker outage is logged once, not once per run (issue 10, item 2)", () => {
  it("locker: one warning when it fails, silence while it stays down, one info line when it answers", async () => {
    const locker = new SwitchableLocker();
    const { logger, lines } = recordingLogger();
    const { monitor, events } = recordingMonitor();
    const { clock, scheduler } = setup({ locker, logger, monitor });
    const lockErrors: string[] = [];
    let runs = 0;
    for (const name of ["a", "b"]) {
      scheduler.newJob(durationJob(1000), () => void runs++, { name, on: { afterLockError: (job) => void lockErrors.push(job.name) } });
    }
    scheduler.start();
    await clock.advance(1000);
    locker.down = true;
    await clock.advance(3000);
    expect(lines).toEqual([
      "warn [isocron] the locker failed (ECONNREFUSED 127.0.0.1:6379); skipping its runs until it answers",
    ]);
    // Every skipped run is still reported, per run.
    expect(lockErrors).toEqual(["a", "b", "a", "b", "a", "b"]);
    expect(events.filter((e) => e.includes(":lockError:"))).toHaveLength(6);
    locker.down = false;
    await clock.advance(2000);
    expect(lines).toEqual([
      "warn [isocron] the locker failed (ECONNREFUSED 127.0.0.1:6379); skipping its runs until it answers",
      "info [isocron] the locker answers again; 6 run(s) skipped",
    ]);
    expect(runs).toBe(2 + 4);
    // A second outage is a second warning.
    locker.down = true;
    await clock.advance(1000);
    expect(lines.filter((l) => l.startsWith("warn"))).toHaveLength(2);
    await scheduler.shutdown();
  });

  it("elector: the same, one warning and one recovery line", async () => {
    const elector = new SwitchableElector();
    const { logger, lines } = recordingLogger();
    const { clock, scheduler } = setup({ elector, logger });
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++);
    scheduler.start();
    elector.down = true;
    await clock.advance(5000);
    elector.down = false;
    await clock.advance(1000);
    expect(lines).toEqual([
      "warn [isocron] the elector failed (no answer within 3000 ms); skipping its runs until it answers",
      "info [isocron] the elector answers again; 5 run(s) skipped",
    ]);
    expect(runs).toBe(1);
    await scheduler.shutdown();
  });

  it("a graceful stop during a request is no outage", async () => {
    const { logger, lines } = recordingLogger();
    const locker: Locker = {
      lock: (_key, { signal }) => new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(signal.reason))),
    };
    const { clock, scheduler } = setup({ locker, logger });
    scheduler.newJob(durationJob(1000), () => {}, { name: "j" });
    scheduler.start();
    await clock.advance(1000);
    await scheduler.shutdown();
    expect(lines).toEqual([]);
  });
});
