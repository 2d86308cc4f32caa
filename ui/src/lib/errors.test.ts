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
  it("name a field of a numbered row by its label and row", () => {
    expect(fieldMessage(da, { field: "rates.1.km", rule: "invalid_format", limit: null })).toBe(
      "Kørsel pr. km (række 2) har ikke den rigtige form.",
    );
    expect(fieldMessage(en, { field: "rates.0.from", rule: "duplicate", limit: null })).toBe("Applies from (row 1) is given twice.");
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
    const p = toPayload("thread 'tokio-runtime-worker' panicked at src/x.rs:1:1");
    expect(p.code).toBe("unknown");
    expect(p.fields).toEqual([]);
    expect(errorMessage(da, p)).toBe("Der opstod en uventet fejl. Ændringen er ikke gemt.");
    expect(toPayload(new Error("boom")).message).toBe("boom");
  });
  it("have a Danish sentence for every backend code", () => {
    for (const code of ["not_found.project", "conflict.version", "store.io", "store.locked", "store.schema_too_new", "store.unavailable"]) {
      expect(errorMessage(da, { code, message: "", fields: [] })).toBe(da.errors[code]);
      expect(da.errors[code]).toBeTruthy();
      expect(en.errors[code]).toBeTruthy();
    }
  });
});

describe("arguments Tauri refuses before the command runs", () => {
  const cases: [string, string, string, string][] = [
    [
      "invalid args `id` for command `get_project`: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `x` at 1",
      "id", "invalid_format", "Id havde ikke den rigtige form, så handlingen blev afvist. Der er ikke ændret noget.",
    ],
    [
      "invalid args `expected_version` for command `update_project`: invalid value: integer `-1`, expected u64",
      "expected_version", "invalid_format", "Version havde ikke den rigtige form, så handlingen blev afvist. Der er ikke ændret noget.",
    ],
    [
      "invalid args `format` for command `save_gripp2`: unknown variant `pdf`, expected `markdown` or `html`",
      "format", "invalid_format", "Filformat havde ikke den rigtige form, så handlingen blev afvist. Der er ikke ændret noget.",
    ],
    [
      "invalid args `year` for command `year_report`: invalid type: string \"2026\", expected i32",
      "year", "invalid_format", "År havde ikke den rigtige form, så handlingen blev afvist. Der er ikke ændret noget.",
    ],
    [
      "command get_project missing required key id",
      "id", "required", "Id havde ikke den rigtige form, så handlingen blev afvist. Der er ikke ændret noget.",
    ],
  ];
  for (const [raw, field, rule, danish] of cases) {
    it(`maps "${raw.slice(0, 40)}…" to invalid_argument on ${field}`, () => {
      const p = toPayload(raw);
      expect(p).toEqual({ code: "invalid_argument", message: raw, fields: [{ field, rule, limit: null }] });
      expect(errorMessage(da, p)).toBe(danish);
      expect(errorMessage(en, p)).toMatch(/Nothing was changed\.$/);
    });
  }
  it("works when Tauri's text arrives inside an Error", () => {
    const p = toPayload(new Error("invalid args `consultation_id` for command `schedule_consultation`: UUID parsing failed"));
    expect(p.code).toBe("invalid_argument");
    expect(p.fields).toEqual([{ field: "consultation_id", rule: "invalid_format", limit: null }]);
    expect(errorMessage(da, p)).toBe("Sparring havde ikke den rigtige form, så handlingen blev afvist. Der er ikke ændret noget.");
  });
  it("still gives a Danish sentence when no argument can be named", () => {
    const p = toPayload("invalid args for command");
    expect(p).toEqual({ code: "invalid_argument", message: "invalid args for command", fields: [] });
    expect(errorMessage(da, p)).toBe(da.errors.invalid_argument);
  });
  it("leaves the backend's own errors alone", () => {
    const e = { code: "validation", message: "validation failed", fields: [{ field: "title", rule: "invalid_characters", limit: null }] };
    expect(toPayload(e)).toEqual(e);
  });
});

describe("messages of the rules for bad input", () => {
  it("name the field in Danish", () => {
    expect(fieldMessage(da, { field: "title", rule: "invalid_characters", limit: null })).toBe(
      "Titel indeholder usynlige styretegn, som ikke kan gemmes. Skriv teksten igen uden dem.",
    );
    expect(fieldMessage(da, { field: "date", rule: "in_future", limit: null })).toBe("Dato kan ikke ligge efter i dag.");
    expect(fieldMessage(da, { field: "date", rule: "before_given", limit: null })).toBe(
      "Dato kan ikke ligge før den dag, punktet eller inputtet blev givet.",
    );
    expect(fieldMessage(da, { field: "year", rule: "out_of_range", limit: null })).toBe("År er uden for det tilladte område.");
    expect(fieldMessage(da, { field: "phone", rule: "invalid_format", limit: null })).toBe("Telefon har ikke den rigtige form.");
  });
});
