// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { watchIdle } from "./vault";

describe("watchIdle", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("locks after the idle time, and use of the window starts it again", () => {
    const onIdle = vi.fn();
    const stop = watchIdle(() => 5, onIdle);
    vi.advanceTimersByTime(4_000);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    vi.advanceTimersByTime(4_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    stop();
    vi.advanceTimersByTime(60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("reads the idle time at each check, so a changed setting applies at once", () => {
    const onIdle = vi.fn();
    let seconds = 600;
    const stop = watchIdle(() => seconds, onIdle);
    vi.advanceTimersByTime(30_000);
    expect(onIdle).not.toHaveBeenCalled();
    seconds = 20;
    vi.advanceTimersByTime(1_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    stop();
  });
});
