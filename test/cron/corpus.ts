// Patterns for the differential tests: hand-picked edge cases, then seeded random ones.

/** [pattern, withSeconds] */
export type Case = readonly [string, boolean];

import { prng } from "../support/prng.ts";

export { prng };

const five = [
  // every minute, steps, ranges, lists
  "* * * * *", "*/5 * * * *", "0 * * * *", "10-40/10 * * * *", "0 */2 * * *", "0 1-23/2 * * *",
  "0 0-23/3 * * *", "*/30 * * * *", "*/60 * * * *", "0,30 * * * *", "*/15 9-17 * * 1-5", "0 9-17 * * MON-FRI",
  "0 0 1,15 * *", "0 0 28-31 * *", "0 0 31 * *", "0 0 30 * *", "0 0 1-31/31 * *", "? ? ? ? ?", "0 0 ? * ?",
  // value/step (robfig, croner's sloppyRanges)
  "5/15 * * * *", "0 5/6 * * *", "0 0 5/10 * *", "0 0 1 1/3 *", "0 0 * * 1/2",
  // fixed local times around DST changes (New York, Berlin, London, Lord Howe, Chatham)
  "30 2 * * *", "30 1 * * *", "30 1,2 * * *", "0 2,3 * * *", "0 2 * * *", "59 1 * * *", "0 3 * * *",
  "15 2 * * *", "45 1 * * *", "30 3 * * *", "45 2 * * *", "15 3 * * *", "45 2,3 * * *", "0 1 * * *",
  "30 0 * * *", "0 0 * * *", "30 2 * * SUN", "30 2 8 3 *", "30 2 * 3 0#2", "30 1 * 11 0#1", "30 2 * 3 0L",
  "30 2 * 10 0L", "0 1-3 * * *", "30 1-2 * * 0", "15,45 1,2 * * *", "0 2 * * 0",
  // wildcard or step hours through DST changes
  "*/15 1-2 * * *", "*/15 2-3 * * *", "0 */1 * * *", "30 * * * *", "*/20 1-3 * * 0",
  // day of month: L, LW, W
  "0 0 L * *", "0 12 LW * *", "0 9 15W * *", "0 9 1W * *", "0 9 31W * *", "0 0 L,15W * *", "0 0 1W,L * *",
  "0 0 l * *", "0 0 15w * *", "0 0 30W * *", "0 0 1W,15W,28W * *", "0 0 L 2 *",
  // day of week: names, 7, ranges through Sunday, #, L
  "0 0 * * 5L", "0 0 * * FRIL", "0 0 * * 5#L", "0 0 * * 5#2", "0 0 * * MON#1", "0 0 * * 1-5#2", "0 0 * * */2#2",
  "0 0 * * 0#1,6L", "0 0 * * 5,5#2", "0 0 * * 7", "0 0 * * 0", "0 0 * * SUN-SAT", "0 0 * * FRI-SUN",
  "0 0 * * SAT-SUN", "0 0 * * SUN-MON", "0 0 * * 0-7/2", "0 0 * * 1-7/3", "0 0 * * mon-fri", "0 0 * * 5#5",
  "0 0 * * 1-5/2#L", "0 0 * * 05#02", "0 0 * * */2", "0 0 * 2 5#5", "0 0 * * 6-7", "0 0 * * 7-7",
  // day of month OR day of week, and `+` for AND
  "0 0 13 * 5", "0 0 13 * +5", "0 0 1 * +MON", "0 0 1-7 * +1", "0 0 */10 * 1", "0 0 *,5 * 1", "0 0 L * 1",
  "0 0 LW * 1", "0 0 15W * 1", "0 0 1 * +*", "0 0 * * +MON", "0 0 29 2 1", "0 0 L * 5#L", "0 0 1-5 * +1-5",
  // months, leap days, yearly
  "0 0 * JAN-MAR *", "0 0 * jan,jun,dec *", "0 0 1 JAN-DEC/2 *", "0 0 29 2 *", "0 0 1 1 *", "59 23 31 12 *",
  "0 0 28 2 *", "0 12 29 2 *", "0 0 31 1,3,5,7,8,10,12 *", "0 0 30 4,6,9,11 *",
  // nicknames
  "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly", " @DAILY ",
];

const six = [
  "* * * * * *", "*/10 * * * * *", "0 */30 * * * *", "30 30 1 * * *", "0 30 2 * * *", "0 0 2 * * *",
  "0 30 1,2 * * *", "15,45 * * * * *", "0 0 * * * *", "0 0 0 * * *", "59 59 23 * * *", "0 0 0 L * *",
  "30 15 10 15W * *", "0 0 12 * * 5#3", "*/20 * 1-2 * * *", "0 * 1 * * *", "0 0-59/20 1-3 * * *",
  "0 0 1 1-5 * +1", "1-3 * * * * *", "5/15 * * * * *", "0 0 0/3 * * *", "0 45 2 * * *", "0 15 2 * * *",
  "30 59 1 * * *", "0 0 3 * * 0", "*/7 */7 */7 * * *", "0 0 0 29 2 *", "@hourly", "@daily", "0 30 2 * * SUN",
  "0 */5 1-3 * * *", "0 45 1,2,3 * * *",
];

/** The hand-picked corpus. */
export const HAND_PICKED: Case[] = [...five.map((p): Case => [p, false]), ...six.map((p): Case => [p, true])];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (random: () => number, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));

/** A random field that croner should accept: values, lists, ranges, steps, names. */
function field(random: () => number, lo: number, hi: number, names: readonly string[] = []): string {
  const value = (): string => (names.length > 0 && random() < 0.3 ? pick(random, names) : String(int(random, lo, hi)));
  switch (int(random, 0, 6)) {
    case 0: return "*";
    case 1: return value();
    case 2: return Array.from({ length: int(random, 2, 4) }, value).join(",");
    case 3: { const a = int(random, lo, hi); return `${a}-${int(random, a, hi)}`; }
    case 4: return `*/${int(random, 1, Math.min(hi - lo + 1, 30))}`;
    case 5: { const a = int(random, lo, hi); return `${a}-${int(random, a, hi)}/${int(random, 1, 12)}`; }
    default: return String(int(random, lo, hi));
  }
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** `count` random patterns (a third with seconds), some with L, W or # in the day fields. */
export function randomCases(count: number, seed: number): Case[] {
  const random = prng(seed);
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    const withSeconds = random() < 0.33;
    let dom = random() < 0.5 ? "*" : field(random, 1, 31);
    if (random() < 0.1) dom = pick(random, ["L", "LW", `${int(random, 1, 31)}W`, `L,${int(random, 1, 28)}`]);
    let dow = random() < 0.6 ? "*" : field(random, 0, 7, DAYS).replace(/\b7-/, "0-");
    if (random() < 0.1) dow = pick(random, [`${int(random, 0, 6)}#${int(random, 1, 5)}`, `${int(random, 0, 6)}L`, `+${int(random, 1, 5)}`]);
    const parts = [
      field(random, 0, 59),
      random() < 0.3 ? field(random, 0, 23) : String(int(random, 0, 23)),
      dom,
      random() < 0.7 ? "*" : field(random, 1, 12, MONTHS),
      dow,
    ];
    if (withSeconds) parts.unshift(random() < 0.5 ? "0" : field(random, 0, 59));
    out.push([parts.join(" "), withSeconds]);
  }
  return out;
}

/** Patterns both engines must reject (the DST and run tests never see them). */
export const INVALID: Case[] = [
  ["", false], ["* * * *", false], ["* * * * * *", false], ["* * * * *", true], ["1,,2 * * * *", false],
  ["1- * * * *", false], ["-5 * * * *", false], ["1-2-3 * * * *", false], ["*/0 * * * *", false],
  ["0-5/0 * * * *", false], ["*/5/2 * * * *", false], ["*/61 * * * *", false], ["0 0 * * #2", false],
  ["0 0 * * 5#", false], ["0 0 * L *", false], ["0 0 * * 1W", false], ["0 0 1W-5 * *", false],
  ["0 0 LW,1 * *", false], ["0 0 L-2 * *", false], ["0 0 2L * *", false], ["0 0 * JANUARY *", false],
  ["0 0 * * MONDAY", false], ["0 0 * * L", false], ["0 0 W * *", false], ["0 0 1,W * *", false],
  ["@reboot", false], ["@every 5m", false], ["0 0 * * +", false], ["0 0 1 * ++1", false], ["0 0 * * 1+", false],
  ["0 24 * * *", false], ["60 * * * *", false], ["0 0 0 * *", false], ["0 0 32 * *", false], ["0 0 * 0 *", false],
  ["0 0 * 13 *", false], ["0 0 * * 8", false], ["0 0 1 1 * 2026", false], ["0 0 * * 5-0", false],
  ["0 0 * feb-jan *", false], ["0 0 * * 1#1#2", false], ["0 0 * * 5#6", false], ["0 0 * * 5#0", false],
  ["1.5 * * * *", false], ["0x5 * * * *", false], ["+5 * * * *", false], ["0 0 ,1 * *", false],
  ["0 0 1, * *", false], ["0 0 * MON *", false], ["0 0 * * JAN", false], ["0 JAN * * *", false],
  ["0 0 *L * *", false], ["0 0 * * *#2", false], ["0 0 *W * *", false], ["0 0 1-5/2W * *", false],
  ["0 0 * * 1-5W", false], ["60 * * * * *", true], ["* 60 * * * *", true], ["0 0 * */13 *", false],
  ["0 0 */32 * *", false], ["0 */25 * * *", false], ["0 0 * * */8", false], ["@DAILY 5", false],
  ["0 0 1 * * @daily", false], ["0 0 FRI * *", false], ["0 0 * * SUNL#2", false], ["0 0 * * 1-5#6", false],
];
