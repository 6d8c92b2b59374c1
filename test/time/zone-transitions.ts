// Every UTC-offset change of a time zone, read from the runtime's own zone data (Intl), for the
// tests that pin what the engine assumes about clock changes (src/time/zone-offsets.ts).

/** One offset change: the first instant of the new offset, and the offsets (ms) either side. */
export interface Transition {
  readonly zone: string;
  /** Within the day before the real instant (the scan stops at one-day precision). */
  readonly at: number;
  readonly before: number;
  readonly after: number;
}

const DAY = 86_400_000;
const OFFSET = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/;

/** The zone's offset (ms) at an instant, via `timeZoneName: "longOffset"` ("GMT+15:02:19"). */
export function offsetReader(zone: string): (at: number) => number {
  const format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
  return (at) => {
    const match = OFFSET.exec(format.format(at));
    if (match === null) throw new Error(`unreadable offset for ${zone} at ${at}: ${format.format(at)}`);
    const [, sign, h, m, s] = match;
    if (sign === undefined) return 0;
    return (sign === "-" ? -1 : 1) * (Number(h) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0)) * 1000;
  };
}

/**
 * The offset changes of `zone` in [from, to): the offset is sampled every `step` ms, and each
 * interval whose ends differ is bisected down to a day, then scanned again from there (so
 * several changes inside one step are found as long as they do not cancel out). A change and
 * its reversal both inside one `step` are missed: choose `step` below the shortest DST period.
 */
export function transitions(zone: string, from: number, to: number, step: number): Transition[] {
  const _offsetAt = offsetReader(zone);
  const out: Transition[] = [];
  let lo = from;
  let before = _offsetAt(lo);
  while (lo < to) {
    const hi = Math.min(lo + step, to);
    const atHi = _offsetAt(hi);
    if (atHi === before) {
      lo = hi;
      continue;
    }
    // The first change after lo lies in (a, b]: narrow it to one day (from and step are whole days).
    let a = lo;
    let b = hi;
    while (b - a > DAY) {
      const mid = a + Math.floor((b - a) / 2 / DAY) * DAY;
      if (_offsetAt(mid) === before) a = mid;
      else b = mid;
    }
    const after = _offsetAt(b);
    out.push({ zone, at: b, before, after });
    lo = b;
    before = after;
  }
  return out;
}
