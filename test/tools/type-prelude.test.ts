// tools/type-prelude.mjs: which global types each bundled entry gets.
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build tool without declarations
import { typePrelude } from "../../tools/type-prelude.mjs";

const prelude = typePrelude as (name: string, text: string) => string;
const elector = (extra: string) =>
  `// header\nimport { type Elector } from "./index.js";\ndeclare class DurableObjectElector implements Elector {\n    #private;\n` +
  `    isLeader(signal?: AbortSignal): Promise<boolean>;\n    stop(): Promise<void>;\n${extra}}\nexport { DurableObjectElector };\n`;

describe("typePrelude", () => {
  it("declares the disposable globals in the core entry only, after the imports", () => {
    const core = prelude("index", "// header\ndeclare class Scheduler {\n}\nexport { Scheduler };\n");
    expect(core).toContain("declare global {\n    interface SymbolConstructor {\n        readonly dispose: unique symbol;\n        readonly asyncDispose: unique symbol;");
    expect(core).toContain("interface AsyncDisposable {\n        [Symbol.asyncDispose](): PromiseLike<void>;");
    expect(prelude("web-locks", "// header\nexport {};\n")).not.toContain("declare global");
  });

  it("aliases AbortSignal where an entry names it, after its imports, and nowhere else", () => {
    const text = prelude("cloudflare", elector(""));
    expect(text.split("\n").slice(0, 3)).toEqual([
      "// header",
      'import { type Elector } from "./index.js";',
      "/** The runtime's `AbortSignal`; where the project's lib has none, the part isocron uses. */",
    ]);
    expect(text).toContain("type AbortSignal = typeof globalThis extends { AbortSignal: { prototype: infer T } } ? T : {");
    expect(prelude("upstash", "// header\nexport {};\n")).not.toContain("AbortSignal");
  });
});
