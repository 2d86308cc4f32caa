import type { ErrorPayload, FieldError } from "./api/types";
import type { Messages } from "./i18n/da";

/** Anything a command can throw, made into the error shape of the backend. */
export function toPayload(err: unknown): ErrorPayload {
  if (typeof err === "object" && err !== null && "code" in err && typeof (err as ErrorPayload).code === "string") {
    const e = err as Partial<ErrorPayload>;
    return { code: e.code ?? "unknown", message: e.message ?? "", fields: Array.isArray(e.fields) ? e.fields : [] };
  }
  return { code: "unknown", message: String(err), fields: [] };
}

/** The sentence for one rejected field, naming the field. */
export function fieldMessage(m: Messages, e: FieldError): string {
  const label = (m.fields as Record<string, string | undefined>)[e.field] ?? e.field;
  return m.rules[e.rule](label, e.limit ?? 0);
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
  return m.errors[err.code] ?? m.errors.unknown ?? "";
}
