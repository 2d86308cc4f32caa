import { describe, expect, it } from "vitest";
import { loadMemory, saveMemory } from "./capture.svelte";

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

describe("quick capture memory", () => {
  it("remembers project, channel and group, but starts each day on today", () => {
    const s = memoryStorage();
    saveMemory(s, { project_id: "p1", channel: "survey", group: "relatives", date: "01-11-2026" });
    expect(loadMemory(s, "26-11-2026")).toEqual({ project_id: "p1", channel: "survey", group: "relatives", date: "26-11-2026" });
  });
  it("falls back when nothing or garbage is stored", () => {
    expect(loadMemory(undefined, "26-11-2026").channel).toBe("workshop");
    const s = memoryStorage();
    s.setItem("samskab.capture", "{not json");
    expect(loadMemory(s, "26-11-2026").project_id).toBe("");
  });
});
