import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { da } from "./i18n/da";
import { en } from "./i18n/en";

function keys(o: object, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === "object" ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe("message catalogues", () => {
  it("Danish and English have the same keys", () => {
    expect(keys(en).sort()).toEqual(keys(da).sort());
  });
  it("have a label for every field the backend can name", () => {
    for (const f of ["title", "summary", "kind", "phase", "requester_unit", "requester_contact", "responsible_consultant", "involvement_level", "target_groups", "start_date", "deadline", "tags", "user_name", "aim", "methods", "results", "outcomes", "reflections", "year", "phone", "date", "text", "themes", "into", "from", "left", "links", "name", "roles"]) {
      expect((da.fields as Record<string, string>)[f], f).toBeTruthy();
      expect((en.fields as Record<string, string>)[f], f).toBeTruthy();
    }
  });
  it("have a label for every kind of record the audit log names", () => {
    // The kinds of AUDITED in Rust: `as_(Action, "kind", …)`.
    const audit = readFileSync(new URL("../../../src-tauri/service/audit.rs", import.meta.url), "utf8");
    const kinds = new Set([...audit.matchAll(/as_\(\s*[A-Za-z:]+,\s*"([a-z_0-9]+)"/g)].map((m) => m[1]!));
    expect(kinds.size).toBeGreaterThan(20);
    for (const k of kinds) {
      expect((da.audit.kinds as Record<string, string>)[k], k).toBeTruthy();
      expect((en.audit.kinds as Record<string, string>)[k], k).toBeTruthy();
    }
  });
  it("have a label for every kind of record an export file holds", () => {
    const dump = readFileSync(new URL("../../../src-tauri/store/dump.rs", import.meta.url), "utf8");
    const names = [...dump.matchAll(/Kind::[A-Za-z]+ => "([a-z_]+)",/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(15);
    for (const k of names) {
      expect((da.backups.kinds as Record<string, string>)[k], k).toBeTruthy();
      expect((en.backups.kinds as Record<string, string>)[k], k).toBeTruthy();
    }
  });
  it("have a sentence for the errors of exports and reports", () => {
    for (const code of ["cancelled", "file.write", "store.io", "file.not_chosen"]) {
      expect(da.errors[code], code).toBeTruthy();
      expect(en.errors[code], code).toBeTruthy();
    }
  });
  it("have a sentence for every error of backups, restore and import", () => {
    const codes = ["store.damaged", "store.disk_full", "store.read_only", "store.unavailable", "file.not_chosen"].concat(
      ["not_an_export", "unreadable", "broken_file", "broken_manifest", "missing_part", "format_too_new", "schema_too_new", "schema_too_old",
        "checksum", "count", "broken_record", "invalid_record", "broken_reference", "not_empty", "verify"].map((r) => `import.${r}`),
    );
    for (const code of codes) {
      expect(da.errors[code], code).toBeTruthy();
      expect(en.errors[code], code).toBeTruthy();
    }
  });
});
