import { describe, expect, it } from "vitest";
import { groupByTheme, moved, parseThemes, shortTime } from "./board";
import type { PointView } from "./api/types";

function view(text: string, themes: string[]): PointView {
  return {
    point: {
      id: text, version: 1, consultation_id: "c", project_id: "p", meeting_id: null, given_on: "2026-11-05", text, themes,
      loop: { answer: null, reported_back: null }, recorded_by: "x", created_at: "", updated_at: "",
    },
    status: "awaiting", overdue: false, given_at: null, reported_at: null,
  };
}

describe("feedback grouped by theme", () => {
  it("sorts themes the Danish way and puts points without a theme last", () => {
    const groups = groupByTheme([view("a", ["Åbenhed"]), view("b", []), view("c", ["Sprog"]), view("d", ["Ærlighed"]), view("e", ["Sprog", "x"])], "Uden tema");
    expect(groups.map((g) => g.theme)).toEqual(["Sprog", "Ærlighed", "Åbenhed", "Uden tema"]);
    expect(groups[0]!.points.map((p) => p.point.text)).toEqual(["c", "e"]);
  });
});

describe("agenda order", () => {
  it("moves an item up or down and ignores moves past the ends", () => {
    expect(moved(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moved(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moved(["a", "b"], 0, -1)).toEqual(["a", "b"]);
    expect(moved(["a", "b"], 1, 1)).toEqual(["a", "b"]);
  });
});

describe("themes and times", () => {
  it("parse as typed", () => {
    expect(parseThemes(" sprog, ,layout ")).toEqual(["sprog", "layout"]);
    expect(shortTime("16:00:00")).toBe("16:00");
  });
});
