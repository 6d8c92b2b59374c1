// Bundles tsc's per-file declarations into one `.d.ts` per package entry, so dist/ ships only
// what the entries need (no internal module layout, nothing a consumer could deep-import).
//
// Each entry gets the declarations it reaches from its exports, with `export` kept only on its
// public names. A name another entry already exports publicly (a dependency listed in `deps`)
// is imported from that entry's bundle instead of being copied, so `Scheduler`,
// `SchedulerError` and the adapters' classes are one type across `isocron` and
// `isocron/<adapter>` (their `#private` members make classes nominal). Imports of packages
// (`@upstash/redis`, `cloudflare:workers`) are kept. Works on tsc's declaration output, which
// has no `export *`, `export =`, default exports or inline `import("...")` types; anything
// else fails the build instead of being bundled wrongly.
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript5";

/**
 * @param {string} typesDir tsc's declaration output (rootDir-relative layout)
 * @param {{ name: string, file: string, deps: string[] }[]} entries in dependency order; `file`
 *   is relative to `typesDir`, `name` is the bundle path without `.d.ts` (e.g. "cloudflare/durable")
 * @returns {Map<string, string>} bundle name -> declaration text
 */
export function bundleDeclarations(typesDir, entries) {
  const modules = new Map();
  const mod = (file) => {
    if (!modules.has(file)) modules.set(file, parseModule(file));
    return modules.get(file);
  };
  /** Follows re-exports and imports to the declaring file: { file, name } or { external }. */
  const resolveExport = (file, name, seen = new Set()) => {
    const key = `${file}#${name}`;
    if (seen.has(key)) throw new Error(`bundle-dts: export cycle at ${key}`);
    seen.add(key);
    const target = mod(file).exports.get(name);
    if (target === undefined) throw new Error(`bundle-dts: ${rel(file)} does not export ${name}`);
    return target.from ? resolveExport(target.from, target.name, seen) : resolveLocal(file, target.name, seen);
  };
  const resolveLocal = (file, name, seen = new Set()) => {
    const local = mod(file).locals.get(name);
    if (local === undefined) return undefined;
    if (local.kind === "decl") return { file, name };
    if (local.kind === "external") return { external: local };
    return resolveExport(local.from, local.name, seen);
  };
  const rel = (file) => relative(typesDir, file);
  /** Interfaces and type aliases: written `type X` in the bundles' import and export lists. */
  const isTypeOnly = (s) =>
    !s.external && mod(s.file).decls.get(s.name).every((d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d));
  const typeMark = (s) => (isTypeOnly(s) ? "type " : "");
  const symbolKey = (s) => (s.external ? `ext:${s.external.module}#${s.external.name}` : `${s.file}#${s.name}`);

  /** Per bundle: symbol key -> public name. */
  const publicNames = new Map();
  const out = new Map();
  for (const entry of entries) {
    const entryFile = join(typesDir, entry.file);
    const exported = new Map(); // public name -> symbol
    for (const name of mod(entryFile).exports.keys()) exported.set(name, resolveExport(entryFile, name));
    publicNames.set(entry.name, new Map([...exported].map(([pub, s]) => [symbolKey(s), pub])));

    const included = new Set(); // symbol keys copied into this bundle
    const fromDeps = new Map(); // dep name -> Map(public name -> { name: local name, mark })
    const externals = new Map(); // module -> Map(imported name -> { local, typeOnly })
    const taken = new Set();
    const localName = new Map(); // symbol key -> name used in this bundle
    const imported = new Set(); // symbol keys imported from a dependency or a package
    const claim = (wanted) => {
      let name = wanted;
      for (let i = 2; taken.has(name); i++) name = `${wanted}_${i}`;
      taken.add(name);
      return name;
    };
    const fromDep = (key) => entry.deps.some((dep) => publicNames.get(dep)?.has(key));
    // Own public names first, so they keep their spelling (a dependency's are imported below).
    for (const [pub, s] of exported) if (!s.external && !fromDep(symbolKey(s))) localName.set(symbolKey(s), claim(pub));
    const queue = [...exported.values()];
    const nameOf = (s) => {
      const key = symbolKey(s);
      if (localName.has(key)) return localName.get(key);
      queue.push(s);
      for (const dep of entry.deps) {
        const pub = publicNames.get(dep)?.get(key);
        if (pub === undefined) continue;
        const name = claim(pub);
        if (!fromDeps.has(dep)) fromDeps.set(dep, new Map());
        fromDeps.get(dep).set(pub, { name, mark: typeMark(s) });
        localName.set(key, name);
        imported.add(key);
        return name;
      }
      if (s.external) {
        const { module, name: wanted, typeOnly } = s.external;
        if (!externals.has(module)) externals.set(module, new Map());
        const name = claim(wanted);
        externals.get(module).set(wanted, { local: name, typeOnly });
        localName.set(key, name);
        imported.add(key);
        return name;
      }
      const name = claim(s.name);
      localName.set(key, name);
      return name;
    };
    const bodies = [];
    while (queue.length > 0) {
      const s = queue.shift();
      const key = symbolKey(s);
      const own = nameOf(s);
      if (imported.has(key) || included.has(key)) continue;
      included.add(key);
      const m = mod(s.file);
      for (const decl of m.decls.get(s.name)) {
        bodies.push(rewrite(m, decl, own, (ref) => {
          const target = resolveLocal(s.file, ref);
          return target === undefined ? undefined : nameOf(target);
        }));
      }
    }

    const lines = [`// Type declarations for "${entry.name === "index" ? "isocron" : `isocron/${entry.name}`}" (bundled by tools/bundle-dts.mjs).`];
    for (const [dep, names] of fromDeps) {
      const path = relative(dirname(join("/", entry.name)), join("/", `${dep}.js`));
      const spec = path.startsWith(".") ? path : `./${path}`;
      const list = [...names].map(([pub, { name: loc, mark }]) => `${mark}${pub === loc ? pub : `${pub} as ${loc}`}`);
      lines.push(`import { ${list.join(", ")} } from "${spec}";`);
    }
    for (const [module, names] of externals) {
      const all = [...names];
      const typeOnly = all.every(([, v]) => v.typeOnly);
      const list = all.map(([imp, v]) => (imp === v.local ? imp : `${imp} as ${v.local}`)).join(", ");
      lines.push(`import ${typeOnly ? "type " : ""}{ ${list} } from "${module}";`);
    }
    lines.push(...bodies.map((b) => b.trim()));
    const list = [...exported].map(([pub, s]) => {
      const loc = localName.get(symbolKey(s));
      return `${typeMark(s)}${loc === pub ? pub : `${loc} as ${pub}`}`;
    });
    lines.push(`export { ${list.join(", ")} };`, "");
    out.set(entry.name, lines.join("\n"));
  }
  return out;
}

/** One declaration file: its local names, its exports and its top-level declarations. */
function parseModule(file) {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const locals = new Map(); // name -> { kind: "decl" } | { kind: "import", from, name } | { kind: "external", module, name, typeOnly }
  const exports = new Map(); // public name -> { name } (a local) | { from, name } (a re-export)
  const decls = new Map(); // name -> statements (several when merged or overloaded)
  const fail = (node, why) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    throw new Error(`bundle-dts: ${file}:${line + 1}: ${why}`);
  };
  const target = (spec) => resolve(dirname(file), spec.replace(/\.[jt]s$/, ".d.ts"));
  const isRelative = (spec) => spec.startsWith("./") || spec.startsWith("../");
  const addDecl = (name, statement) => {
    if (!decls.has(name)) decls.set(name, []);
    decls.get(name).push(statement);
    locals.set(name, { kind: "decl" });
  };
  for (const statement of source.statements) {
    const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
    if (statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) fail(statement, "default export");
    if (ts.isImportDeclaration(statement)) {
      const spec = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (clause === undefined) continue;
      if (clause.name || (clause.namedBindings && !ts.isNamedImports(clause.namedBindings))) fail(statement, "only named imports are supported");
      for (const el of clause.namedBindings?.elements ?? []) {
        const name = (el.propertyName ?? el.name).text;
        const typeOnly = clause.isTypeOnly || el.isTypeOnly;
        locals.set(el.name.text, isRelative(spec) ? { kind: "import", from: target(spec), name } : { kind: "external", module: spec, name, typeOnly });
      }
    } else if (ts.isExportDeclaration(statement)) {
      if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) fail(statement, "export * is not supported");
      const spec = statement.moduleSpecifier?.text;
      if (spec !== undefined && !isRelative(spec)) fail(statement, `re-export from package "${spec}"`);
      for (const el of statement.exportClause.elements) {
        const name = (el.propertyName ?? el.name).text;
        exports.set(el.name.text, spec === undefined ? { name } : { from: target(spec), name });
      }
    } else if (ts.isVariableStatement(statement)) {
      if (statement.declarationList.declarations.length !== 1) fail(statement, "one variable per statement");
      const name = statement.declarationList.declarations[0].name;
      if (!ts.isIdentifier(name)) fail(statement, "destructured declaration");
      addDecl(name.text, statement);
      if (exported) exports.set(name.text, { name: name.text });
    } else if (
      ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) ||
      ts.isFunctionDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)
    ) {
      if (ts.isModuleDeclaration(statement) && !ts.isIdentifier(statement.name)) fail(statement, "ambient module declaration");
      addDecl(statement.name.text, statement);
      if (exported) exports.set(statement.name.text, { name: statement.name.text });
    } else if (statement.kind === ts.SyntaxKind.ExportAssignment) {
      fail(statement, "export assignment");
    } else if (!ts.isEmptyStatement(statement)) {
      fail(statement, `unexpected ${ts.SyntaxKind[statement.kind]}`);
    }
  }
  source.forEachChild(function visit(node) {
    if (ts.isImportTypeNode(node)) fail(node, "inline import() type");
    node.forEachChild(visit);
  });
  return { file, text, locals, exports, decls };
}

/**
 * A top-level declaration's text (with its doc comment), without `export`, with its own name
 * and every reference to another top-level name replaced by the name `resolveRef` gives (or
 * left as is: globals, type parameters).
 */
function rewrite(m, statement, ownName, resolveRef) {
  const edits = [];
  for (const mod of statement.modifiers ?? []) {
    if (mod.kind === ts.SyntaxKind.ExportKeyword) edits.push([mod.getStart(), mod.end + 1, ""]);
  }
  const nameNode = ts.isVariableStatement(statement) ? statement.declarationList.declarations[0].name : statement.name;
  if (nameNode.text !== ownName) edits.push([nameNode.getStart(), nameNode.end, ownName]);
  const declares = ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement) ||
    ts.isVariableStatement(statement) || ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement);
  if (declares && !statement.modifiers?.some((x) => x.kind === ts.SyntaxKind.DeclareKeyword)) {
    edits.push([statement.getStart(), statement.getStart(), "declare "]);
  }
  statement.forEachChild(function visit(node) {
    if (ts.isIdentifier(node) && isReference(node)) {
      const name = resolveRef(node.text);
      if (name !== undefined && name !== node.text) edits.push([node.getStart(), node.end, name]);
    }
    node.forEachChild(visit);
  });
  let text = m.text.slice(statement.pos, statement.end);
  for (const [start, end, value] of edits.sort((a, b) => b[0] - a[0])) {
    text = text.slice(0, start - statement.pos) + value + text.slice(end - statement.pos);
  }
  return text;
}

/** Whether an identifier names a top-level symbol (as opposed to a member, parameter or key). */
function isReference(node) {
  const p = node.parent;
  return (
    (ts.isTypeReferenceNode(p) && p.typeName === node) ||
    (ts.isExpressionWithTypeArguments(p) && p.expression === node) ||
    (ts.isTypeQueryNode(p) && p.exprName === node) ||
    (ts.isQualifiedName(p) && p.left === node) ||
    (ts.isPropertyAccessExpression(p) && p.expression === node) ||
    (ts.isComputedPropertyName(p) && p.expression === node)
  );
}
