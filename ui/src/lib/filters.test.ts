import { describe, expect, it } from "vitest";
import { activeFilterCount, emptyQuery, single } from "./filters";
import { PHASES } from "./choices";
import { href, parseRoute } from "./route";
import { emptyForm, formFromProject, inputFromForm } from "./form";
import type { Project } from "./api/types";

describe("filters", () => {
  it("count what narrows the list, not the sort", () => {
    const q = emptyQuery();
    expect(activeFilterCount(q)).toBe(0);
    q.sort = "title";
    q.text = "  ";
    expect(activeFilterCount(q)).toBe(0);
    q.text = "pjece";
    q.phases = ["idea"];
    q.archive = "all";
    expect(activeFilterCount(q)).toBe(3);
  });
  it("turn a select value into a list, ignoring unknown values", () => {
    expect(single("idea", PHASES)).toEqual(["idea"]);
    expect(single("", PHASES)).toEqual([]);
    expect(single("done", PHASES)).toEqual([]);
  });
});

describe("routes", () => {
  const id = "019ac0a4-9f6e-7c3a-8b1e-2f4d5e6a7b8c";
  it("round-trip through the hash", () => {
    for (const r of [
      { screen: "projects" }, { screen: "project-new" }, { screen: "project", id }, { screen: "project-edit", id }, { screen: "settings" },
      { screen: "settings", section: "backups" },
      { screen: "overview" }, { screen: "gripp2", id }, { screen: "year-report", year: 2025 }, { screen: "report", id },
    ] as const) {
      expect(parseRoute(href(r))).toEqual(r);
    }
  });
  it("start at, and fall back to, the overview", () => {
    expect(parseRoute("#/noget/andet")).toEqual({ screen: "overview" });
    expect(parseRoute("")).toEqual({ screen: "overview" });
    expect(parseRoute("#/aarsrapport/20x5")).toEqual({ screen: "overview" });
  });
});

describe("project form", () => {
  it("sends dates as ISO and tags as a list", () => {
    const f = { ...emptyForm(), title: "Pjece", start_date: "1-9-2026", deadline: "", tags: "a, b" };
    const input = inputFromForm(f);
    expect(input.start_date).toBe("2026-09-01");
    expect(input.deadline).toBeNull();
    expect(input.tags).toEqual(["a", "b"]);
  });
  it("shows a stored project's dates the Danish way", () => {
    const p: Project = {
      id: "x", version: 3, title: "T", summary: "", kind: "workflow", requester_unit: "", requester_contact: "",
      responsible_consultant: "", phase: "involvement", involvement_level: "involve", target_groups: ["relatives"],
      start_date: "2026-09-01", deadline: "2026-12-15", tags: ["a", "b"], archived: false,
      created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z",
    };
    const f = formFromProject(p);
    expect(f.start_date).toBe("01-09-2026");
    expect(f.deadline).toBe("15-12-2026");
    expect(f.tags).toBe("a, b");
    expect(inputFromForm(f).deadline).toBe("2026-12-15");
  });
});
