// Turning recorded runs into the W1 figures: fired, missed, doubled, lateness percentiles.

/** Nearest-rank percentiles of a numeric array (sorted in place). */
export function summarize(values) {
  if (values.length === 0) return { count: 0, min: null, p50: null, p99: null, max: null };
  values.sort();
  const rank = (p) => values[Math.max(0, Math.ceil(p * values.length) - 1)];
  return { count: values.length, min: values[0], p50: rank(0.5), p99: rank(0.99), max: values[values.length - 1] };
}

/**
 * Counts runs per (job, second) over the window [t0, t0 + seconds * 1000) and their lateness.
 * `secondOf(k)` attributes run k to a second (an epoch-ms instant), `lateOf(k)` is its lateness;
 * runs attributed outside the window are ignored. `offGrid` counts attributions that are not
 * whole seconds (a due instant that is not the one asked for).
 */
export function countPairs({ jobs, seconds, t0, runs, secondOf, lateOf }) {
  const perPair = new Uint8Array(jobs * seconds);
  const lateness = new Float64Array(runs.count);
  let fired = 0;
  let offGrid = 0;
  for (let k = 0; k < runs.count; k++) {
    const at = secondOf(k);
    if (!(at >= t0 && at < t0 + seconds * 1000)) continue;
    if (at % 1000 !== 0) offGrid++;
    const pair = runs.job[k] * seconds + Math.floor((at - t0) / 1000);
    if (perPair[pair] < 255) perPair[pair]++;
    lateness[fired++] = lateOf(k);
  }
  let missed = 0;
  let doubled = 0;
  for (const c of perPair) {
    if (c === 0) missed++;
    else if (c > 1) doubled++;
  }
  return { fired, missed, doubled, offGrid, ...summarize(lateness.subarray(0, fired)) };
}
