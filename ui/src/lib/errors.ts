import { tick } from "svelte";
import type { ErrorPayload, FieldError } from "./api/types";
import type { Messages } from "./i18n/da";

/**
 * Tauri's own refusals of a command's arguments, before the command runs (an id that is not
 * a UUID, a negative number, an unknown choice, a missing argument). They arrive as English
 * text: "invalid args `id` for command `get_project`: …" and
 * "command get_project missing required key id".
 */
const INVALID_ARGS = /^invalid args `([^`]+)` for command `([^`]+)`/;
const MISSING_KEY = /^command (\S+) missing required key (\S+)/;

/** The code of a refused argument: nothing was changed, and the field names the argument. */
function invalidArgument(message: string, field: string | undefined, rule: FieldError["rule"]): ErrorPayload {
  return { code: "invalid_argument", message, fields: field ? [{ field, rule, limit: null }] : [] };
}

/** Anything a command can throw, made into the error shape of the backend. */
export function toPayload(err: unknown): ErrorPayload {
  if (typeof err === "object" && err !== null && "code" in err && typeof (err as ErrorPayload).code === "string") {
    const e = err as Partial<ErrorPayload>;
    return { code: e.code ?? "unknown", message: e.message ?? "", fields: Array.isArray(e.fields) ? e.fields : [] };
  }
  const text = err instanceof Error ? err.message : String(err);
  const invalid = INVALID_ARGS.exec(text);
  if (invalid) return invalidArgument(text, invalid[1], "invalid_format");
  const missing = MISSING_KEY.exec(text);
  if (missing) return invalidArgument(text, missing[2], "required");
  if (text.startsWith("invalid args ")) return invalidArgument(text, undefined, "invalid_format");
  return { code: "unknown", message: text, fields: [] };
}

/** The label of a field: its name in the catalogue, or the name itself. */
function fieldLabel(m: Messages, field: string): string {
  const fields = m.fields as Record<string, string | undefined>;
  const own = fields[field];
  if (own) return own;
  // A field of a row of a list, `rates.1.km`: the label of `rates.km`, with the row's number.
  const row = /^([a-z_]+)\.(\d+)\.([a-z_]+)$/.exec(field);
  const label = row ? fields[`${row[1]}.${row[3]}`] : undefined;
  return row && label ? m.common.row(label, Number(row[2]) + 1) : field;
}

/** The sentence for one rejected field, naming the field. */
export function fieldMessage(m: Messages, e: FieldError): string {
  return m.rules[e.rule](fieldLabel(m, e.field), e.limit ?? 0);
}

/** Messages per field name, for showing next to each field. */
export function fieldMessages(m: Messages, err: ErrorPayload | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of err?.fields ?? []) {
    out[f.field] ??= fieldMessage(m, f);
  }
  return out;
}

/** The sentence for an error that is not about one field. */
export function errorMessage(m: Messages, err: ErrorPayload): string {
  const field = err.fields[0]?.field;
  if (err.code === "invalid_argument" && field) return m.invalidArgument(fieldLabel(m, field));
  // "too many wrong passphrases: wait N s" — the seconds are in the message.
  const wait = err.code === "auth.wait" ? /wait (\d+) s/.exec(err.message) : null;
  if (wait) return m.vault.wait(Number(wait[1]));
  return m.errors[err.code] ?? m.errors.unknown ?? "";
}

/**
 * Once the form shows `err` (after the next render): the focus to the field it names
 * first — the element with id `<prefix>-<field>` — or else to `fallback`'s, a field name.
 */
export async function focusField(prefix: string, err: ErrorPayload | null, fallback?: string): Promise<void> {
  await tick();
  const field = err?.fields[0]?.field ?? fallback;
  if (field) document.getElementById(`${prefix}-${field}`)?.focus();
}
