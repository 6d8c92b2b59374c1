// isocron's cron engine against croner 11 (the engine it replaced), configured as isocron
// configured it: same patterns, zones and start instants must give the same next 20 runs.
import { describe, expect, it } from "vitest";
import { internCron } from "../../src/definitions/cron-engine.ts";
import type { DstPolicy } from "../../src/definitions/definition.ts";
import { parseCron } from "../../src/cron/parse.ts";
import { zoneOffsets } from "../../src/time/zone-offsets.ts";
import { type Case, HAND_PICKED, INVALID, prng, randomCases } from "./corpus.ts";
import { oracle, oracleNext } from "./oracle.ts";

const ZONES = [
  "UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe",
  "Asia/Kolkata", "America/Sao_Paulo", "Pacific/Chatham", "Europe/London",
];
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2031, 0, 1);
const RUNS = 20;
const HOUR = 3_600_000;

const accepts = (run: () => unknown): boolean => {
  try {
    run();
    return true;
  } catch {
    return false;
  }
};

/** Every offset change of each zone in [FROM, TO), found day by day and then exactly. */
const TRANSITIONS = new Map(
  ZONES.map((timeZone) => {
    const zone = zoneOffsets(timeZone)!;
    const out: number[] = [];
    for (let t = FROM; t < TO; t += 86_400_000) {
      if (zone._offsetAt(t) !== zone._offsetAt(t + 86_400_000)) out.push(zone._transitionAfter(t, t + 86_400_000));
    }
    return [timeZone, out];
  }),
);

/** Start instants in a zone: seeded random ones over 2024-2030, and ones just around its DST changes. */
function starts(timeZone: string, random: () => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 2; i++) out.push(FROM + Math.floor(random() * (TO - FROM)) + (random() < 0.5 ? 0 : Math.floor(random() * 1000)));
  const changes = TRANSITIONS.get(timeZone) ?? [];
  const offsets = [-26 * HOUR, -2 * HOUR, -HOUR - 1000, -HOUR / 2, -1, 0, 1000, HOUR / 2 + 500, HOUR, 2 * HOUR];
  for (let i = 0; i < 3 && changes.length > 0; i++) {
    out.push((changes[Math.floor(random() * changes.length)] as number) + (offsets[Math.floor(random() * offsets.length)] as number));
  }
  return out;
}

const iso = (t: number | null): string => (t === null ? "null" : new Date(t).toISOString());

/** Compares the next RUNS runs of one case in every zone, under both policies; returns mismatches. */
function compare([pattern, withSeconds]: Case, random: () => number): string[] {
  const problems: string[] = [];
  for (const timeZone of ZONES) {
    const cron = oracle(pattern, timeZone, withSeconds);
    const engine = internCron(pattern.trim(), zoneOffsets(timeZone)!, withSeconds);
    for (const start of starts(timeZone, random)) {
      const policies: DstPolicy[] = random() < 0.3 ? ["shift", "skip"] : ["shift"];
      for (const policy of policies) {
        let expected: number | null = start;
        let actual: number | null = start;
        for (let i = 0; i < RUNS && expected !== null; i++) {
          expected = oracleNext(cron, expected, policy);
          actual = engine.next(actual as number, policy);
          if (actual !== expected) {
            problems.push(`${JSON.stringify(pattern)} ${timeZone} ${policy} from ${iso(start)} run ${i + 1}: croner ${iso(expected)}, isocron ${iso(actual)}`);
            break;
          }
        }
      }
    }
  }
  return problems;
}

describe("the cron engine agrees with croner 11", () => {
  const random = randomCases(160, 20260501);
  const generated = random.filter(([p, s]) => accepts(() => oracle(p, "UTC", s)));

  it("has a corpus of more than 200 patterns croner accepts", () => {
    expect(HAND_PICKED.filter(([p, s]) => !accepts(() => oracle(p, "UTC", s)))).toEqual([]);
    expect(HAND_PICKED.length + generated.length).toBeGreaterThanOrEqual(250);
  });

  it("accepts and rejects the same patterns", () => {
    const disagree = [...HAND_PICKED, ...random, ...INVALID].filter(
      ([p, s]) => accepts(() => oracle(p, "UTC", s)) !== accepts(() => parseCron(p, s)),
    );
    expect(disagree).toEqual([]);
    expect(INVALID.filter(([p, s]) => accepts(() => parseCron(p, s)))).toEqual([]);
  });

  it("gives the same next 20 runs: hand-picked patterns, 8 zones, random and DST-edge starts", () => {
    const seeded = prng(1);
    expect(HAND_PICKED.flatMap((c) => compare(c, seeded)).slice(0, 10)).toEqual([]);
  });

  it("gives the same next 20 runs: random patterns", () => {
    const seeded = prng(2);
    expect(generated.flatMap((c) => compare(c, seeded)).slice(0, 10)).toEqual([]);
  });
});
