// W3's cron expressions: 1,000 distinct (pattern, zone) pairs that every peer can parse.

const zones = ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney", "America/Los_Angeles"];

/**
 * Expression k (0 <= k < 1000). The seconds and minutes fields are unique per k, so patterns
 * are distinct; the rest cycles through daily, every-n-hours, weekday and monthly shapes.
 * Every fifth expression carries a named time zone.
 */
export function expression(k) {
  const head = `${k % 60} ${Math.floor(k / 60) % 60}`;
  const hour = k % 24;
  const shapes = [
    `${head} ${hour} * * *`,
    `${head} */${1 + (k % 6)} * * *`,
    `${head} ${hour} * * 1-5`,
    `${head} ${hour} ${1 + (k % 28)} * *`,
  ];
  return { pattern: shapes[k % 4], timeZone: k % 5 === 0 ? zones[(k / 5) % zones.length] : undefined };
}

export const distinctExpressions = 1000;
