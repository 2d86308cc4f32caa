import { describe, expect, it } from "vitest";
import { countRows, countsSummary, exportFileName, formatSize, kindLabel, manifestCounts, RECORD_KINDS, totalRecords } from "./backups";
import { da } from "./i18n/da";
import { en } from "./i18n/en";
import type { KindCount, Manifest } from "./api/types";

const counts = (o: Record<string, number>): KindCount[] => Object.entries(o).map(([kind, count]) => ({ kind, count }));

describe("what a backup holds", () => {
  it("is summed up in Danish, the kinds people look for first, empty kinds left out", () => {
    const c = counts({ settings: 1, projects: 12, phase_changes: 30, members: 0, feedback_points: 25, inputs: 340, drafts: 1 });
    expect(countsSummary(da, c)).toBe("12 projekter, 340 input, 25 feedbackpunkter, 30 faseskift, 1 kladde");
  });
  it("uses the singular for one and Danish digit grouping for thousands", () => {
    expect(countsSummary(da, counts({ projects: 1, inputs: 1, meetings: 1, members: 1 }))).toBe("1 projekt, 1 input, 1 møde, 1 medlem");
    expect(countsSummary(da, counts({ inputs: 12345 }))).toBe("12.345 input");
  });
  it("says so when there is no data but the settings", () => {
    expect(countsSummary(da, counts({ settings: 1, projects: 0 }))).toBe("ingen data");
    expect(countsSummary(en, counts({ settings: 1 }))).toBe("no data");
  });
  it("names every kind of the format in both languages, and keeps an unknown kind by its name", () => {
    for (const k of RECORD_KINDS) {
      expect(kindLabel(da, k)).not.toBe(k);
      expect(kindLabel(en, k)).not.toBe(k);
    }
    expect(countsSummary(da, counts({ projects: 2, votes: 3 }))).toBe("2 projekter, votes: 3");
  });
  it("lists the kinds it holds, in the file's order, for the table before a restore", () => {
    expect(countRows(da, counts({ settings: 1, members: 0, projects: 1200 }))).toEqual([
      { kind: "settings", label: "Indstillinger", count: "1" },
      { kind: "projects", label: "Projekter", count: "1.200" },
    ]);
  });
  it("reads the counts of a manifest and totals them", () => {
    const manifest = {
      format: "samskab-export", format_version: 1, schema_version: 1, app_version: "0.1.0", created_at: "2026-11-29T10:00:00Z", newest_change: null,
      parts: [{ kind: "settings", file: "settings.jsonl", count: 1, sha256: "" }, { kind: "projects", file: "projects.jsonl", count: 4, sha256: "" }],
    } satisfies Manifest;
    expect(manifestCounts(manifest)).toEqual(counts({ settings: 1, projects: 4 }));
    expect(totalRecords(manifestCounts(manifest))).toBe(5);
  });
});

describe("files", () => {
  it("shows sizes with a Danish decimal comma", () => {
    expect(formatSize(870, "da-DK")).toBe("870 B");
    expect(formatSize(12_345, "da-DK")).toBe("12 kB");
    expect(formatSize(1_420_000, "da-DK")).toBe("1,4 MB");
  });
  it("suggests an export name with the local date", () => {
    expect(exportFileName(new Date(2026, 10, 29, 23, 59))).toBe("samskab-eksport-2026-11-29.zip");
    expect(exportFileName(new Date(2027, 0, 5))).toBe("samskab-eksport-2027-01-05.zip");
  });
});
