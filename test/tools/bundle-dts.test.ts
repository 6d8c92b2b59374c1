// tools/bundle-dts.mjs on small declaration trees: what a bundle keeps, imports, renames and
// refuses, and that its output type-checks as a package would be consumed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import ts from "typescript5";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build tool without declarations
import { bundleDeclarations } from "../../tools/bundle-dts.mjs";

type Bundle = (typesDir: string, entries: { name: string; file: string; deps: string[] }[]) => Map<string, string>;
const bundle = bundleDeclarations as Bundle;

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), "bundle-dts-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Type errors of the bundles used as a package's files, plus a consumer importing them. */
function diagnostics(bundles: Map<string, string>, consumer: string): string[] {
  const out = join(dir, "out");
  for (const [name, text] of bundles) {
    mkdirSync(dirname(join(out, `${name}.d.ts`)), { recursive: true });
    writeFileSync(join(out, `${name}.d.ts`), text);
  }
  writeFileSync(join(out, "consumer.ts"), consumer);
  const program = ts.createProgram([join(out, "consumer.ts")], {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ["lib.es2022.d.ts"], types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

const core = {
  "src/index.d.ts": 'export { Thing } from "./thing.js";\nexport type { Options } from "./options.js";\n',
  "src/thing.d.ts": 'import type { Options } from "./options.js";\nimport type { Secret } from "./secret.js";\n' +
    "/** A thing. */\nexport declare class Thing {\n    #private;\n    constructor(options: Options, secret?: Secret);\n}\n",
  "src/options.d.ts": "export interface Options {\n    readonly size: number;\n}\n",
  "src/secret.d.ts": "export interface Secret {\n    readonly hidden: true;\n}\n",
};

describe("bundleDeclarations", () => {
  it("keeps the reachable declarations, exports only the entry's names, and keeps doc comments", () => {
    const out = bundle(tree(core), [{ name: "index", file: "src/index.d.ts", deps: [] }]).get("index") as string;
    expect(out).toContain("/** A thing. */\ndeclare class Thing {");
    expect(out).toContain("interface Secret {");
    expect(out).toMatch(/export \{ Thing, type Options \};\n$/);
    expect(out).not.toMatch(/^export (declare|interface)/m);
    expect(out).not.toContain("import ");
  });

  it("imports what a dependency entry exports, so classes stay one type, and renames clashing locals", () => {
    const root = tree({
      ...core,
      "adapters/a/index.d.ts": 'export { Adapter } from "./adapter.js";\n',
      "adapters/a/adapter.d.ts": 'import { Thing } from "../../src/index.js";\nimport type { Options as CoreOptions } from "../../src/options.js";\n' +
        'import type { Options } from "./options.js";\n' +
        "export declare class Adapter {\n    constructor(thing: Thing, core: CoreOptions, own: Options);\n}\n",
      "adapters/a/options.d.ts": "export interface Options {\n    readonly name: string;\n}\n",
    });
    const bundles = bundle(root, [
      { name: "index", file: "src/index.d.ts", deps: [] },
      { name: "a", file: "adapters/a/index.d.ts", deps: ["index"] },
    ]);
    const out = bundles.get("a") as string;
    expect(out).toContain('import { Thing, type Options } from "./index.js";');
    expect(out).toContain("interface Options_2 {");
    expect(out).toContain("constructor(thing: Thing, core: Options, own: Options_2);");
    expect(out).not.toContain("declare class Thing");
    const errors = diagnostics(bundles, [
      'import { Thing } from "./index.js";',
      'import { Adapter } from "./a.js";',
      "declare const thing: Thing;",
      'new Adapter(thing, { size: 1 }, { name: "a" });',
      "// @ts-expect-error: the adapter's own Options needs a name",
      "new Adapter(thing, { size: 1 }, { size: 1 });",
    ].join("\n"));
    expect(errors).toEqual([]);
  });

  it("keeps package imports, and names the nested entry's path to its dependency", () => {
    const root = tree({
      ...core,
      "adapters/d/durable.d.ts": 'import { Base } from "some-runtime";\nimport { Thing } from "../../src/index.js";\n' +
        "export declare class Host extends Base {\n    thing(): Thing;\n}\n",
    });
    const out = bundle(root, [
      { name: "index", file: "src/index.d.ts", deps: [] },
      { name: "d/durable", file: "adapters/d/durable.d.ts", deps: ["index"] },
    ]).get("d/durable") as string;
    expect(out).toContain('import { Thing } from "../index.js";');
    expect(out).toContain('import { Base } from "some-runtime";');
    expect(out).toContain("declare class Host extends Base {");
  });

  it("refuses what it cannot bundle faithfully instead of guessing", () => {
    const root = tree({ "src/index.d.ts": 'export * from "./thing.js";\n', "src/thing.d.ts": "export declare const x: number;\n" });
    expect(() => bundle(root, [{ name: "index", file: "src/index.d.ts", deps: [] }])).toThrow(/export \* is not supported/);
  });
});
