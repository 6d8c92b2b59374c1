import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";

// ADMIN.md: the dashboard's page + script + style stay <= 20 KB gzip (each file gzipped on its
// own, as a server sends them).
const BUDGET = 20 * 1024;
const files = ["index.html", "dashboard.js", "dashboard.css"];

it("the dashboard's page, script and style together stay within 20 KB gzip", () => {
  const sizes = files.map((name) => {
    const bytes = readFileSync(new URL(`../../adapters/hono/assets/${name}`, import.meta.url));
    expect(bytes.length, name).toBeGreaterThan(500);
    return gzipSync(bytes, { level: 9 }).length;
  });
  const total = sizes.reduce((a, b) => a + b, 0);
  expect(total, files.map((f, i) => `${f} ${sizes[i]} B`).join(", ")).toBeLessThanOrEqual(BUDGET);
});
