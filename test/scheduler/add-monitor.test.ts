import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import type { Monitor } from "../../src/monitor.ts";
import { T0, codeOf, errorLogger, recordingMonitor, setup } from "./helpers.ts";

describe("scheduler.addMonitor", () => {
  it("an added monitor hears what the option's monitor hears, after it, with runId and attempt", async () => {
    const order: string[] = [];
    const { clock, scheduler } = setup({ monitor: { jobStarted: () => void order.push("option") } });
    const infos: unknown[] = [];
    scheduler.addMonitor({ jobStarted: (_job, info) => void (order.push("added"), infos.push(info)) });
    scheduler.newJob(durationJob(1000), () => {}, { name: "j" });
    scheduler.start();
    await clock.advance(2000);
    expect(order).toEqual(["option", "added", "option", "added"]);
    expect(infos).toEqual([
      { scheduledAt: new Date(T0 + 1000), startedAt: new Date(T0 + 1000), delayMs: 0, runId: `j@${T0 + 1000}`, attempt: 1 },
      { scheduledAt: new Date(T0 + 2000), startedAt: new Date(T0 + 2000), delayMs: 0, runId: `j@${T0 + 2000}`, attempt: 1 },
    ]);
    await scheduler.shutdown();
  });

  it("works on a scheduler built without a monitor; several monitors each hear every event", async () => {
    const { clock, scheduler } = setup();
    const a = recordingMonitor();
    const b = recordingMonitor();
    scheduler.addMonitor(a.monitor);
    scheduler.addMonitor(b.monitor);
    scheduler.newJob(durationJob(1000), () => {}, { name: "j" });
    scheduler.start();
    await clock.advance(1000);
    const expected = ["registered:j", "schedulerStarted", "started:j:1000:0", "completed:j:0"];
    expect(a.events).toEqual(expected);
    expect(b.events).toEqual(expected);
    await scheduler.shutdown();
  });

  it("the remover stops it, and calling it again removes nothing else (the same monitor added twice)", async () => {
    const { clock, scheduler } = setup();
    const { monitor, events } = recordingMonitor();
    const removeFirst = scheduler.addMonitor(monitor);
    scheduler.addMonitor(monitor);
    scheduler.newJob(durationJob(1000), () => {}, { name: "j" });
    scheduler.start();
    await clock.advance(1000);
    expect(events.filter((e) => e.startsWith("completed"))).toEqual(["completed:j:0", "completed:j:0"]);
    removeFirst();
    removeFirst();
    removeFirst();
    await clock.advance(1000);
    // One of the two registrations is left: it hears the second run once.
    expect(events.filter((e) => e.startsWith("completed"))).toEqual(["completed:j:0", "completed:j:0", "completed:j:0"]);
    await scheduler.shutdown();
  });

  it("a removed monitor hears nothing more; a scheduler with none runs as before", async () => {
    const { clock, scheduler } = setup();
    const { monitor, events } = recordingMonitor();
    const remove = scheduler.addMonitor(monitor);
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, { name: "j" });
    scheduler.start();
    await clock.advance(1000);
    remove();
    await clock.advance(2000);
    expect(runs).toBe(3);
    expect(events).toEqual(["registered:j", "schedulerStarted", "started:j:1000:0", "completed:j:0"]);
    await scheduler.shutdown();
  });

  it("a throwing added monitor (hook or getter) is logged and stops neither the run nor the other monitors", async () => {
    const { logger, errors } = errorLogger();
    const { clock, scheduler } = setup({ logger });
    const thrower: Monitor = {
      jobStarted: () => {
        throw new Error("hook");
      },
      get jobCompleted(): Monitor["jobCompleted"] {
        throw new Error("getter");
      },
    };
    scheduler.addMonitor(thrower);
    const { monitor, events } = recordingMonitor();
    scheduler.addMonitor(monitor);
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, { name: "j" });
    scheduler.start();
    await clock.advance(2000);
    expect(runs).toBe(2);
    expect(events.filter((e) => e.startsWith("started") || e.startsWith("completed"))).toEqual([
      "started:j:1000:0", "completed:j:0", "started:j:2000:0", "completed:j:0",
    ]);
    expect(errors.filter((e) => e === "[isocron] monitor.jobStarted threw")).toHaveLength(2);
    expect(errors.filter((e) => e === "[isocron] monitor.jobCompleted threw")).toHaveLength(2);
    await scheduler.shutdown();
  });

  it("a monitor added or removed by a hook takes effect from the next event", async () => {
    const { clock, scheduler } = setup();
    const late = recordingMonitor();
    let remove: () => void = () => {};
    const remover: Monitor = { jobStarted: () => remove() };
    scheduler.addMonitor({ jobStarted: () => void (remove = scheduler.addMonitor(late.monitor)) });
    scheduler.addMonitor(remover);
    scheduler.newJob(durationJob(1000), () => {}, { name: "j" });
    scheduler.start();
    await clock.advance(1000);
    // Added during jobStarted (after the hook list was read), removed by the next monitor's jobStarted:
    // it heard nothing of that start, and is gone before jobCompleted.
    expect(late.events).toEqual([]);
    await scheduler.shutdown();
  });

  it("refuses what is not an object with WithOptionInvalid", () => {
    const { scheduler } = setup();
    expect(codeOf(() => scheduler.addMonitor(null as unknown as Monitor))).toBe("WithOptionInvalid");
    expect(codeOf(() => scheduler.addMonitor("m" as unknown as Monitor))).toBe("WithOptionInvalid");
  });
});
