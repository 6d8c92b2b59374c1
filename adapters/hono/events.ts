import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { AdminConfig } from "./options.ts";
import { fail, log } from "./respond.ts";
import type { AdminEvent, AdminSource } from "./source.ts";

/** Events one stream may hold unsent; a client that falls further behind is disconnected. */
export const STREAM_BUFFER = 1_000;

/** An entry of a stream's queue: an event, or a keep-alive. */
type Entry = AdminEvent | null;

/**
 * `GET /api/events`: one SSE event per {@link AdminEvent} (named by its type, its data the
 * event as JSON), a keep-alive comment every `keepAliveMs` (it keeps proxies and browsers from
 * closing an idle stream). Each stream subscribes on its own and unsubscribes when the client
 * goes; at most `maxStreams` are open at once.
 * Events wait in a bounded queue, so a slow client costs at most {@link STREAM_BUFFER} events
 * of memory: past that it is disconnected (it reconnects and reads the jobs again).
 */
export function eventStream(source: AdminSource, config: AdminConfig): (c: Context) => Response {
  let open = 0;
  return (c) => {
    if (open >= config.maxStreams) {
      return fail(c, 429, "AdminStreamsFull", `${open} event streams are open, the most this server allows (maxStreams); try again later`, {
        "retry-after": "5",
      });
    }
    open++;
    c.header("x-accel-buffering", "no"); // nginx: deliver each event as it comes
    return streamSSE(c, async (stream) => {
      const queue: Entry[] = [];
      let wake: (() => void) | null = null;
      let ended = false;
      let unsubscribe: () => void = () => {};
      let timer: unknown;
      const poke = (): void => {
        wake?.();
        wake = null;
      };
      const end = (): void => {
        if (ended) return;
        ended = true;
        open--;
        config.clock.clearTimer(timer);
        try {
          unsubscribe();
        } catch (error) {
          log(config, "[isocron] admin: unsubscribing an event stream failed", error);
        }
        poke();
      };
      stream.onAbort(end);
      // Where the runtime aborts the request's signal when its client goes (workerd with the
      // enable_request_signal flag, Deno, Bun), the stream ends then: otherwise hono only hears
      // of it when a write fails, and on workerd not even then.
      c.req.raw.signal?.addEventListener("abort", () => {
        end();
        stream.abort();
      }, { once: true });
      try {
        unsubscribe = source.subscribe((event) => {
          if (ended) return;
          if (queue.length >= STREAM_BUFFER) {
            log(config, `[isocron] admin: an event stream fell ${STREAM_BUFFER} events behind and was closed`);
            end();
            stream.abort();
            return;
          }
          queue.push(event);
          poke();
        });
      } catch (error) {
        log(config, "[isocron] admin: subscribing to the job source failed", error);
        end();
        return;
      }
      const ping = (): void => {
        if (ended) return;
        // Only when idle: a waiting event keeps the stream alive well enough.
        if (queue.length === 0) queue.push(null);
        poke();
        timer = config.clock.setTimer(ping, config.keepAliveMs);
      };
      timer = config.clock.setTimer(ping, config.keepAliveMs);
      try {
        await stream.write(": isocron events\nretry: 3000\n\n");
        while (!ended && !stream.aborted) {
          const entry = queue.shift();
          if (entry === undefined) {
            await new Promise<void>((resolve) => (wake = resolve));
          } else if (entry === null) {
            await stream.write(": keep-alive\n\n");
          } else {
            await stream.writeSSE({ event: entry.type, data: JSON.stringify(entry) });
          }
        }
      } finally {
        end();
      }
    });
  };
}
