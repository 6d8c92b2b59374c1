import { describe, expect, it } from "vitest";
import type { JobDefinition, Schedule } from "../../src/definitions/definition.ts";
import { T0, setup } from "./helpers.ts";

describe("jobs that share a schedule", () => {
  it("are asked for their next time once per due instant, and all run on the shared answer", async () => {
    const asked: number[] = [];
    const shared: Schedule = { next: (after) => (asked.push(after - T0), after + 1000 - (after % 1000)) };
    const definition: JobDefinition = { type: "custom", compile: () => shared } as unknown as JobDefinition;
    const { clock, scheduler } = setup();
    const runs: string[] = [];
    for (const name of ["a", "b", "c"]) scheduler.newJob(definition, (c) => void runs.push(`${name}@${c.scheduledAt.getTime() - T0}`), { name });
    scheduler.start();
    expect(asked).toEqual([0, 0, 0]); // first occurrences: each job asks when it is scheduled
    await clock.advance(3000);
    expect(runs).toEqual(["a@1000", "b@1000", "c@1000", "a@2000", "b@2000", "c@2000", "a@3000", "b@3000", "c@3000"]);
    expect(asked).toEqual([0, 0, 0, 1000, 2000, 3000]);
    await scheduler.shutdown();
  });

  it("jobs with schedules of their own are each asked, though they fall due together", async () => {
    const asked: string[] = [];
    const own = (name: string): JobDefinition =>
      ({ type: "custom", compile: () => ({ next: (after: number) => (asked.push(`${name}${after - T0}`), after + 1000 - (after % 1000)) }) }) as unknown as JobDefinition;
    const { clock, scheduler } = setup();
    scheduler.newJob(own("a"), () => {}, { name: "a" });
    scheduler.newJob(own("b"), () => {}, { name: "b" });
    scheduler.start();
    await clock.advance(2000);
    expect(asked).toEqual(["a0", "b0", "a1000", "b1000", "a2000", "b2000"]);
    await scheduler.shutdown();
  });
});
