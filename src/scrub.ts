// The masking rules for any text isocron keeps or reports that may carry a secret: task errors
// kept in run history (src/history.ts) and the network adapters' errors (adapters/shared/scrub.ts,
// which adds what only a network client knows: the secrets it was given, a bound on the text).

/**
 * `text` with secrets masked as `***`: the token after `Bearer`, URL credentials (`//user:pass@`)
 * and the value in pairs like `token=...` or `password: ...` (words token, key, secret, password,
 * bearer, auth...; `=` or `:` between). Only linear patterns: the text may come from a server.
 */
export function scrub(text: string): string {
  // Bearer first: an `Authorization: Bearer x` pair would otherwise mask only the word Bearer.
  return text.replace(/(bearer\s+)\S+/gi, "$1***").replace(/\/\/[^/\s@]*@/g, "//***@")
    .replace(/(bearer|token|key|secret|password|auth\w{0,20})(\s*[=:]\s*)[^\s,;&]+/gi, "$1$2***");
}
