import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { REFRESH_DELAY_MS, connectionNews, liveHandler } from "./liveEvents";
import { handleLiveEvent, isOffline, live, noteCommand, requestRefresh } from "./live.svelte";

const changed = (table = "projects", id = "0190") => ({ kind: "changed" as const, table, id });
const connection = (online: boolean) => ({ kind: "connection" as const, online });

describe("live events", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const refresh = vi.fn();
    const conn = vi.fn();
    const h = liveHandler({ refresh, connection: conn });
    return { refresh, conn, h };
  }

  it("refresh the screen once, 100 ms after the first of a burst of changes", () => {
    const { refresh, h } = setup();
    h.handle(changed());
    vi.advanceTimersByTime(50);
    h.handle(changed("inputs", "x"));
    h.handle(changed("projects", "y"));
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(REFRESH_DELAY_MS - 50);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(h.pending).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("keep refreshing during a steady stream of changes instead of waiting for quiet", () => {
    const { refresh, h } = setup();
    for (let t = 0; t < 1000; t += 20) {
      h.handle(changed());
      vi.advanceTimersByTime(20);
    }
    // One refresh per 100 ms window, never starved.
    expect(refresh.mock.calls.length).toBeGreaterThanOrEqual(9);
    expect(refresh.mock.calls.length).toBeLessThanOrEqual(10);
  });

  it("report the connection, and read everything again when it is back", () => {
    const { refresh, conn, h } = setup();
    h.handle(connection(false));
    expect(conn).toHaveBeenLastCalledWith(false);
    vi.advanceTimersByTime(500);
    expect(refresh).not.toHaveBeenCalled();
    h.handle(connection(true));
    expect(conn).toHaveBeenLastCalledWith(true);
    vi.advanceTimersByTime(REFRESH_DELAY_MS);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("forget a waiting refresh when disposed", () => {
    const { refresh, h } = setup();
    h.handle(changed());
    h.dispose();
    vi.advanceTimersByTime(1000);
    expect(refresh).not.toHaveBeenCalled();
  });
});

describe("what a command says about the connection", () => {
  const unreachable = { code: "store.unreachable", message: "", fields: [] };
  const conflict = { code: "conflict.version", message: "", fields: [] };
  it("a data command that cannot reach the database means offline; one that answers, online", () => {
    expect(connectionNews("update_project", unreachable)).toBe("offline");
    expect(connectionNews("list_projects", null)).toBe("online");
    expect(connectionNews("update_project", conflict)).toBeNull();
  });
  it("a connection test or a command without the database says nothing", () => {
    expect(connectionNews("test_connection", unreachable)).toBeNull();
    expect(connectionNews("app_status", null)).toBeNull();
    expect(connectionNews("choose_file", null)).toBeNull();
  });
  it("switching databases starts afresh, a failed switch says nothing", () => {
    expect(connectionNews("use_local_database", null)).toBe("switched");
    expect(connectionNews("sign_in", null)).toBe("switched");
    expect(connectionNews("use_shared_database", unreachable)).toBeNull();
    expect(connectionNews("sign_in", unreachable)).toBeNull();
  });
});

describe("the app's live state", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    noteCommand("use_local_database", null);
  });
  afterEach(() => {
    // The module's handler outlives a test: let its waiting refresh run.
    vi.runOnlyPendingTimers();
    vi.useRealTimers();
  });

  it("counts refreshes for the screens", () => {
    const before = live.refresh;
    handleLiveEvent(changed());
    handleLiveEvent(changed());
    vi.advanceTimersByTime(REFRESH_DELAY_MS);
    expect(live.refresh).toBe(before + 1);
    requestRefresh();
    vi.advanceTimersByTime(REFRESH_DELAY_MS);
    expect(live.refresh).toBe(before + 2);
  });

  it("is offline from the listener's word until it says the connection is back", () => {
    handleLiveEvent(connection(false));
    expect(isOffline()).toBe(true);
    noteCommand("list_projects", null);
    expect(isOffline()).toBe(true);
    handleLiveEvent(connection(true));
    expect(isOffline()).toBe(false);
  });

  it("is offline when a save cannot get through, until a command gets through", () => {
    noteCommand("update_project", { code: "store.unreachable", message: "", fields: [] });
    expect(isOffline()).toBe(true);
    const before = live.refresh;
    noteCommand("get_settings", null);
    expect(isOffline()).toBe(false);
    vi.advanceTimersByTime(REFRESH_DELAY_MS);
    expect(live.refresh).toBe(before + 1);
  });

  it("is not offline any more after going over to the local database", () => {
    handleLiveEvent(connection(false));
    noteCommand("use_local_database", null);
    expect(isOffline()).toBe(false);
  });
});
