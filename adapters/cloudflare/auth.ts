/**
 * Whether `request` carries `Authorization: Bearer <token>`. The comparison takes the same
 * time wherever the first difference is, so response timing does not leak the token.
 * A missing or empty expected token refuses everything.
 */
export function hasBearer(request: Request, token: string | undefined): boolean {
  if (token === undefined || token === "") return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (match === null) return false;
  const encoder = new TextEncoder();
  const given = encoder.encode(match[1]);
  const expected = encoder.encode(token);
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= (given[i] ?? 0) ^ (expected[i] as number);
  return diff === 0;
}
