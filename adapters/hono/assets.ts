import css from "./assets/dashboard.css?raw";
import js from "./assets/dashboard.js?raw";
import html from "./assets/index.html?raw";

/** One file the page is made of, embedded in the package: no file system, no CDN. */
export interface Asset {
  readonly body: string;
  readonly type: string;
  /** A strong ETag of the body, so a browser revalidates for a 304 instead of downloading again. */
  readonly etag: string;
}

/** FNV-1a over UTF-16 code units, as 8 hex digits: enough to tell two versions of a file apart. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

function asset(body: string, type: string): Asset {
  return { body, type, etag: `"${fnv1a(body)}-${body.length.toString(36)}"` };
}

/** The escapes that make any text safe inside an HTML element. */
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] as string);
}

/** The page, its `<title>` replaced by `title` (escaped) when one is given. */
export function pageAsset(title: string | null): Asset {
  const body = title === null ? html : html.replace(/<title>[^<]*<\/title>/i, () => `<title>${escapeHtml(title)}</title>`);
  return asset(body, "text/html; charset=utf-8");
}

/** The script and the stylesheet, by file name under `assets/`. */
export const ASSETS: ReadonlyMap<string, Asset> = new Map([
  ["dashboard.js", asset(js, "text/javascript; charset=utf-8")],
  ["dashboard.css", asset(css, "text/css; charset=utf-8")],
]);
