import { defineConfig } from "@playwright/test";

// Debian's Chromium, not a Playwright download (none works here). Two projects: "browser" (the
// library in pages served by a loopback server over dist/ and e2e/pages/) and "admin" (the
// dashboard of isocron/hono, each test starting its own adminApp from dist/ on a free port).
// Build first: `npm run build`.
declare const process: { env: Record<string, string | undefined> };
const port = Number(process.env.E2E_PORT ?? 47193);

export default defineConfig({
  projects: [
    { name: "browser", testDir: "./browser" },
    { name: "admin", testDir: "./admin" },
  ],
  outputDir: "../test-results/e2e",
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  // Two shared cores: one browser at a time keeps timings honest.
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? "line" : "list",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `node e2e/server.mjs ${port}`,
    cwd: "..",
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    timeout: 15_000,
    stdout: "ignore",
  },
});
