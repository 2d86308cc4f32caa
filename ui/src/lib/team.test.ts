import { describe, expect, it } from "vitest";
import { da } from "./i18n/da";
import { formFromProfile, profileFieldMessages, profileFromForm, schemaMessage, schemaState } from "./team";

const profile = { host: "pg.region.dk", port: 5432, database: "samskab", user: "ab1234", root_certificate: "", in_use: false };

describe("the shared database's profile", () => {
  it("goes to the form and back unchanged", () => {
    const r = profileFromForm(formFromProfile(profile));
    expect(r).toEqual({ profile });
  });
  it("refuses a port that is not a whole number from 1 to 65535 before asking the backend", () => {
    for (const port of ["", "0", "65536", "54 32", "5432a", "-1", "1e3"]) {
      const r = profileFromForm({ ...formFromProfile(profile), port });
      expect("error" in r, port).toBe(true);
      if ("error" in r) expect(profileFieldMessages(da, r.error).port).toBe("Port skal være et tal fra 1 til 65535.");
    }
    expect(profileFromForm({ ...formFromProfile(profile), port: " 6543 " })).toEqual({ profile: { ...profile, port: 6543 } });
  });
  it("names the fields the backend refused, in Danish", () => {
    const msgs = profileFieldMessages(da, {
      code: "validation",
      message: "",
      fields: [
        { field: "host", rule: "invalid_characters", limit: null },
        { field: "database", rule: "required", limit: null },
        { field: "user", rule: "too_long", limit: 200 },
        { field: "root_certificate", rule: "invalid_characters", limit: null },
      ],
    });
    expect(msgs).toEqual({
      host: "Server må ikke indeholde mellemrum, anførselstegn, \\, =, ? eller &.",
      database: "Database skal udfyldes.",
      user: "Brugernavn må højst være 200 tegn.",
      root_certificate: da.rules.invalid_characters("Rodcertifikat (valgfrit)"),
    });
    expect(profileFieldMessages(da, { code: "store.unreachable", message: "", fields: [] })).toEqual({});
  });
  it("says whether the server's schema fits this program", () => {
    const t = (schema: number) => ({ server_version: "16.4", user: "ab1234", schema, schema_expected: 2 });
    expect(schemaState(t(2))).toBe("ok");
    expect(schemaState(t(0))).toBe("missing");
    expect(schemaState(t(1))).toBe("old");
    expect(schemaState(t(3))).toBe("new");
    expect(schemaMessage(da, t(2))).toContain("passer til denne version");
    expect(schemaMessage(da, t(1))).toContain("samskab --migrate");
  });
});
