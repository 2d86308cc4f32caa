import { describe, expect, it } from "vitest";
import { errorMessage, fieldMessage, fieldMessages, toPayload } from "./errors";
import { da } from "./i18n/da";
import { en } from "./i18n/en";

describe("validation messages", () => {
  it("name the field in Danish", () => {
    expect(fieldMessage(da, { field: "title", rule: "required", limit: null })).toBe("Titel skal udfyldes.");
    expect(fieldMessage(da, { field: "title", rule: "too_long", limit: 200 })).toBe("Titel må højst være 200 tegn.");
    expect(fieldMessage(da, { field: "deadline", rule: "before_start", limit: null })).toBe("Deadline kan ikke ligge før startdatoen.");
    expect(fieldMessage(da, { field: "start_date", rule: "invalid_date", limit: null })).toBe("Startdato skal være en dato, fx 31-12-2026.");
    expect(fieldMessage(en, { field: "title", rule: "required", limit: null })).toBe("Title is required.");
  });
  it("keeps the first message per field", () => {
    const msgs = fieldMessages(da, {
      code: "validation",
      message: "",
      fields: [
        { field: "title", rule: "required", limit: null },
        { field: "kind", rule: "invalid_choice", limit: null },
        { field: "title", rule: "too_long", limit: 200 },
      ],
    });
    expect(msgs).toEqual({ title: "Titel skal udfyldes.", kind: "Type: vælg en af mulighederne på listen." });
  });
});

describe("error payloads", () => {
  it("pass the backend's shape through", () => {
    const e = { code: "conflict.version", message: "stale", fields: [] };
    expect(toPayload(e)).toEqual(e);
  });
  it("turn anything else into an unknown error, never shown raw", () => {
    const p = toPayload("invalid args `id` for command `get_project`");
    expect(p.code).toBe("unknown");
    expect(errorMessage(da, p)).toBe("Der opstod en uventet fejl. Ændringen er ikke gemt.");
  });
  it("have a Danish sentence for every backend code", () => {
    for (const code of ["not_found.project", "conflict.version", "store.io", "store.locked", "store.schema_too_new", "store.unavailable"]) {
      expect(errorMessage(da, { code, message: "", fields: [] })).toBe(da.errors[code]);
      expect(da.errors[code]).toBeTruthy();
      expect(en.errors[code]).toBeTruthy();
    }
  });
});
