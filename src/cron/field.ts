import { show } from "../errors.ts";

/** One cron field's name (for messages) and value range. */
export interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Three-letter names in value order (`"janfeb..."`), where the field has them. */
  readonly names?: string;
}

/**
 * What a value carries besides itself: in day-of-week, which occurrences in the month (bit n-1
 * for `#n`, all of them for a plain value, {@link LAST} for `L` or `#L`); in day-of-month,
 * {@link NEAREST} for `W`.
 */
const ANY = 63;
export const LAST = 32;
export const NEAREST = 64;

/**
 * One list item: `*`, a value or a range, an optional step, an optional suffix
 * (`#2`, `#L` or `L` in day-of-week, `W` in day-of-month).
 */
const ITEM = /^(?:(\*)|(\d+|[a-z]{3})(?:-(\d+|[a-z]{3}))?)(?:\/(\d+))?(#\d+|#?l|w)?$/i;

/**
 * A parse failure that names the field and the bad item (shortened, so a megabyte item is not
 * copied into the message); the caller adds the expression.
 */
export function fail(spec: FieldSpec, item: string, why: string): never {
  throw new SyntaxError(`${spec.name} ${show(item)} ${why}`);
}

/**
 * Reads a comma-separated field and calls `set(value, mark)` for every value it selects, as
 * croner 11 reads it: `*`, `a`, `a-b`, `*\/s`, `a-b/s`, and `a/s` (from a to the top, the
 * robfig/Quartz reading croner allows only with `sloppyRanges`; a name may start it, `MON/2`);
 * names where the field has them (a range may end in SUN, meaning 7); the suffixes above.
 * Unlike croner, `a/s` must start inside the field: croner takes `24/2` in hours as an empty
 * set and never runs; here it is an error (test/cron/croner-differences.test.ts).
 */
export function parseField(text: string, spec: FieldSpec, set: (value: number, mark: number) => void): void {
  // Day-of-week's `*` covers 0-6 (7 is Sunday again), as do its steps.
  const top = spec.max === 7 ? 6 : spec.max;
  for (const item of text.split(",")) {
    const match = ITEM.exec(item);
    if (match === null) fail(spec, item, "is not a value, range or step");
    const [, star, from, to, step, suffix] = match;
    const value = (token: string, upper: boolean): number => {
      let n = Number(token);
      if (Number.isNaN(n)) {
        // Names: month names count from 1, weekday names from SUN = 0 (7 when a range ends there).
        const at = (spec.names ?? "").indexOf(token.toLowerCase());
        if (at < 0 || at % 3) fail(spec, item, `has an unknown name ${show(token)}`);
        n = spec.min + at / 3 || (upper ? 7 : 0);
      }
      if (n < spec.min || n > spec.max) fail(spec, item, `is out of range ${spec.min}-${spec.max}`);
      return n;
    };
    const lo = from === undefined ? spec.min : value(from, false);
    const hi = to !== undefined ? value(to, true) : star !== undefined || step !== undefined ? top : lo;
    const by = step === undefined ? 1 : Number(step);
    if (lo > hi) fail(spec, item, `runs backwards (${lo} > ${hi})`);
    if (!(by >= 1 && by <= top - spec.min + 1)) fail(spec, item, `has a step outside 1-${top - spec.min + 1}`);
    let mark = ANY;
    if (suffix !== undefined) {
      const s = suffix.toUpperCase();
      const nth = Number(s.slice(1));
      if (star !== undefined && step === undefined) fail(spec, item, `cannot take ${suffix} after *`);
      else if (spec.max === 7 && s !== "W") mark = s.endsWith("L") ? LAST : nth >= 1 && nth <= 5 ? 1 << (nth - 1) : fail(spec, item, "needs #1 to #5 or #L");
      else if (spec.max === 31 && s === "W" && to === undefined && step === undefined) mark = NEAREST;
      else fail(spec, item, `cannot take ${suffix} here`);
    }
    for (let v = lo; v <= hi; v += by) set(v, mark);
  }
}
