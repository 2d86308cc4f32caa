import { untrack } from "svelte";
import { listen } from "@tauri-apps/api/event";
import type { ErrorPayload, LiveEvent } from "./api/types";
import { connectionNews, liveHandler } from "./liveEvents";

/**
 * Live refresh and the connection to the shared database (team mode).
 *
 * - `live.refresh` counts the times the visible screen should read its data again: a
 *   colleague (or this window) changed something, or the connection came back. Screens
 *   re-query with `onLiveRefresh(fn)`, or read `live.refresh` inside their loading
 *   `$effect`; neither rebuilds the screen, so what a person is typing stays.
 * - `isOffline()` is true while the shared database cannot be reached: the listener lost
 *   its connection, or a command failed with `store.unreachable`.
 */
export const live = $state({
  refresh: 0,
  /** The listener says the connection is lost (until it says it is back). */
  listenerOffline: false,
  /** A command could not reach the database (until one does, or the listener is back). */
  callOffline: false,
});

/** Whether the shared database cannot be reached now (the banner shows). */
export function isOffline(): boolean {
  return live.listenerOffline || live.callOffline;
}

const handler = liveHandler({
  refresh: () => {
    live.refresh += 1;
  },
  connection: (online) => {
    live.listenerOffline = !online;
    if (online) live.callOffline = false;
  },
});

/** Passes one live event on (exported for the listener and for tests). */
export function handleLiveEvent(event: LiveEvent): void {
  handler.handle(event);
}

/**
 * Asks the visible screen to read its data again, e.g. after a change was refused because
 * someone else had changed the record: the screen then shows their version to redo on.
 */
export function requestRefresh(): void {
  handler.handle({ kind: "changed", table: "", id: "" });
}

/** Called by the API client after every command. */
export function noteCommand(command: string, error: ErrorPayload | null): void {
  switch (connectionNews(command, error)) {
    case "offline":
      live.callOffline = true;
      startProbing();
      break;
    case "online":
      if (live.callOffline) {
        live.callOffline = false;
        // Back after a command could not get through: what is on screen may be old.
        handler.handle({ kind: "changed", table: "", id: "" });
      }
      break;
    case "switched":
      live.callOffline = false;
      live.listenerOffline = false;
      break;
  }
}

let started: Promise<() => void> | null = null;
let probe: (() => Promise<unknown>) | null = null;
let probing: ReturnType<typeof setInterval> | null = null;

/** How often a lost connection is tried again when only a command noticed it. */
const PROBE_MS = 2000;

/**
 * A command could not reach the database, but the listener (which reports the connection
 * itself) may not have noticed: try a harmless read now and then, so the banner goes away
 * by itself once the database answers again.
 */
function startProbing(): void {
  if (probing !== null || probe === null) return;
  probing = setInterval(() => {
    if (!live.callOffline) {
      if (probing !== null) clearInterval(probing);
      probing = null;
    } else if (!live.listenerOffline) {
      probe?.().catch(() => {});
    }
  }, PROBE_MS);
}

/**
 * Listens to "samskab:live" once for the life of the window. `check` is a harmless read
 * of the database, to find out whether it answers again.
 */
export function startLive(check: () => Promise<unknown>): Promise<() => void> {
  probe = check;
  started ??= listen<LiveEvent>("samskab:live", (e) => handleLiveEvent(e.payload)).catch((err: unknown) => {
      console.warn("live refresh is not available", err);
      return () => {};
    });
  return started;
}

/**
 * Runs `fn` whenever the visible screen should read its data again (not at the start:
 * the screen loads itself then). Call it while a component is being set up.
 */
export function onLiveRefresh(fn: () => unknown): void {
  let seen = untrack(() => live.refresh);
  $effect(() => {
    const now = live.refresh;
    if (now === seen) return;
    seen = now;
    untrack(() => void fn());
  });
}
