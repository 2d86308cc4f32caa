import { describe, expect, it } from "vitest";
import { emptyForm, formDifferences } from "./form";

describe("a conflict on the project form", () => {
  const mine = { ...emptyForm(), title: "Velkomstpjece", target_groups: ["patients", "relatives"] as ("patients" | "relatives")[], deadline: "15-12-2026", tags: "pjece, P3" };
  it("lists no field when both say the same, however it was typed", () => {
    const theirs = { ...mine, target_groups: ["relatives", "patients"] as ("patients" | "relatives")[], deadline: "2026-12-15", tags: " pjece ,P3, " };
    expect(formDifferences(mine, theirs)).toEqual([]);
  });
  it("lists the fields where the saved version differs, never the phase", () => {
    const theirs = { ...mine, title: "Velkomstpjece til P3", phase: "closed" as const, kind: "workflow" as const, deadline: "" };
    expect(formDifferences(mine, theirs)).toEqual(["title", "kind", "deadline"]);
  });
});
