import { untilAborted } from "./until-aborted.ts";

/** The largest request or answer the adapters read: theirs are under 1 KB, so 64 KB is ample. */
export const MAX_BODY_BYTES = 64 * 1024;

const noop = (): void => undefined;

/**
 * The text of `body`, or null (the stream cancelled) once it is larger than
 * {@link MAX_BODY_BYTES}: a declared `Content-Length` is checked before reading anything,
 * then the streamed bytes are counted, so an endless or huge body costs at most that much.
 * Rejects with the signal's reason when `signal` aborts mid-read.
 */
export async function readLimited(body: ReadableStream<Uint8Array> | null, contentLength: string | null, signal?: AbortSignal): Promise<string | null> {
  if (Number(contentLength) > MAX_BODY_BYTES) {
    body?.cancel().catch(noop);
    return null;
  }
  if (body === null) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await untilAborted(reader.read(), signal);
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        reader.cancel().catch(noop);
        return null;
      }
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(noop);
    throw error;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
