/** A cron expression in words when one is certain; else the pattern itself: "cron 5 4 * * 1-5 (UTC)". */
export function describeCron(expression: string, _withSeconds: boolean, timeZone: string): string {
  const pattern = expression.replace(/^\s*(?:CRON_TZ|TZ)=\S*\s+/, "").trim();
  return `cron ${pattern} (${timeZone})`;
}
