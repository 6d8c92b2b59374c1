// croner 11, configured exactly as src/definitions/cron-engine.ts configured it before isocron had
// its own engine: the oracle for the differential tests (croner is a devDependency only).
import { Cron } from "croner";
import type { DstPolicy } from "../../src/definitions/definition.ts";
import { zoneOffsets } from "../../src/time/zone-offsets.ts";

/** `a/s` (a value then a step): croner reads it only with `sloppyRanges`; isocron always does. */
export const usesValueStep = (pattern: string): boolean => /(^|[\s,])\d+\/\d/.test(pattern);

export function oracle(pattern: string, timeZone: string, withSeconds: boolean): Cron {
  const fixed = zoneOffsets(timeZone)?._fixedOffset ?? null;
  return new Cron(pattern, {
    paused: true,
    mode: pattern.trimStart().startsWith("@") ? "5-part" : withSeconds ? "6-part" : "5-part",
    fixedTimeRule: "no-wildcard",
    domAndDow: false,
    sloppyRanges: usesValueStep(pattern),
    ...(fixed !== null ? { utcOffset: fixed / 60_000 } : { timezone: timeZone }),
  });
}

/**
 * The next run after `after` under a policy. croner has no "skip": as the old engine did, a run
 * whose wall time no longer matches the pattern (a fixed time moved out of a gap) is dropped.
 * The old engine gave up after 16 such runs and returned the 17th anyway; a time that is in a gap
 * every year (02:30 on the second Sunday of March in New York) then ran shifted decades later.
 * Here it never runs (croner stops at year 3000), as "skip" says.
 */
export function oracleNext(cron: Cron, after: number, policy: DstPolicy): number | null {
  let next = cron.nextRun(new Date(after));
  if (policy === "skip") {
    for (let i = 0; i < 5_000 && next !== null && !cron.match(next); i++) next = cron.nextRun(next);
    if (next !== null && !cron.match(next)) next = null;
  }
  return next === null ? null : next.getTime();
}
