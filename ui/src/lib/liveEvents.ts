import type { ErrorPayload, LiveEvent } from "./api/types";

/**
 * Live refresh in team mode, the part without Svelte or Tauri (so it can be tested): what
 * to do with each "samskab:live" event, and what a command's outcome says about the
 * connection to the shared database.
 */

export interface LiveHooks {
  /** Ask the visible screen to read its data again. */
  refresh: () => void;
  /** The listener reached (`true`) or lost (`false`) the shared database. */
  connection: (online: boolean) => void;
}

export interface Timers {
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** How long changes are gathered before the screen reads its data again. */
export const REFRESH_DELAY_MS = 100;

/**
 * Handles live events. Changes are gathered for `delay` ms from the first one, then the
 * screen refreshes once: a burst of changes (an import, a colleague's save of many
 * records) costs one refresh, and a steady stream of changes still refreshes every
 * `delay` ms instead of waiting for a quiet moment that never comes.
 */
export function liveHandler(hooks: LiveHooks, delay = REFRESH_DELAY_MS, timers: Timers = realTimers) {
  let pending: unknown = null;
  const schedule = () => {
    if (pending !== null) return;
    pending = timers.set(() => {
      pending = null;
      hooks.refresh();
    }, delay);
  };
  return {
    handle(event: LiveEvent): void {
      if (event.kind === "changed") {
        schedule();
      } else {
        hooks.connection(event.online);
        // What was announced while the connection was lost is gone: read everything again.
        if (event.online) schedule();
      }
    },
    /** Whether a refresh is waiting to run. */
    get pending(): boolean {
      return pending !== null;
    },
    dispose(): void {
      if (pending !== null) timers.clear(pending);
      pending = null;
    },
  };
}

/**
 * Commands that do not read or write the database in use: their outcome says nothing
 * about the connection to it (a connection test may well fail while the database in use
 * is fine).
 */
const NOT_THE_DATABASE = new Set([
  "app_status",
  "choose_file",
  "cancel_job",
  "shared_profile",
  "save_shared_profile",
  "test_connection",
  "backups",
  "take_backup",
  "set_backup_folder",
  "inspect_backup",
  "newest_backup",
]);

/** Commands that change which database is in use: when they succeed, start afresh. */
const SWITCHES = new Set(["sign_in", "use_shared_database", "move_local_to_shared", "use_local_database"]);

/**
 * What a command's outcome says about the connection to the database in use:
 * `"offline"` when it could not reach it, `"online"` when it reached it, `"switched"` when
 * another database is in use now (what was known of the old one's connection is void),
 * `null` when it says nothing.
 */
export function connectionNews(command: string, error: ErrorPayload | null): "offline" | "online" | "switched" | null {
  if (SWITCHES.has(command)) return error ? null : "switched";
  if (NOT_THE_DATABASE.has(command)) return null;
  if (error) return error.code === "store.unreachable" ? "offline" : null;
  return "online";
}
