// Number formatting for the printed tables.

const group = (n) => Math.round(n).toLocaleString("en-US");

export const int = (n) => (n === null || n === undefined ? "-" : group(n));
export const ms = (n) => (n === null || n === undefined ? "-" : n >= 10 ? group(n) : n.toFixed(1).replace(/\.0$/, ""));
export const pct = (n) => (n === null || n === undefined ? "-" : `${n < 1 ? n.toFixed(2) : n.toFixed(1)} %`);
export const kb = (bytes) => (bytes === null || bytes === undefined ? "-" : `${bytes >= 10_240 ? group(bytes / 1024) : (bytes / 1024).toFixed(1)} KB`);
/** Bundle sizes: always one decimal, 1 KB = 1,024 bytes. */
export const size = (bytes) => (bytes === null || bytes === undefined ? "-" : `${(bytes / 1024).toFixed(1)} KB`);
/** Three significant digits: 112,695 -> "113,000/s". */
export const rate = (n) => {
  if (n === null || n === undefined) return "-";
  const digits = Math.max(0, Math.floor(Math.log10(Math.max(n, 1))) - 2);
  return `${group(Math.round(n / 10 ** digits) * 10 ** digits)}/s`;
};
export const late = (s) => (s ? `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)}` : "-");

/** A markdown table from a header row and data rows. */
export function table(header, rows) {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => `| ${cells.map((x, c) => String(x).padEnd(widths[c])).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}
