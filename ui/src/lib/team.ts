import type { ConnectionTest, ErrorPayload, SharedProfile } from "./api/types";
import type { Messages } from "./i18n/da";
import { fieldMessage } from "./errors";

/** Indstillinger → Fælles database as the person edits it: the port as typed text. */
export interface ProfileForm {
  host: string;
  port: string;
  database: string;
  user: string;
  root_certificate: string;
}

export const PROFILE_FIELDS = ["host", "port", "database", "user", "root_certificate"] as const;

export function formFromProfile(p: SharedProfile): ProfileForm {
  return { host: p.host, port: String(p.port), database: p.database, user: p.user, root_certificate: p.root_certificate };
}

/**
 * The profile to send, or the refusal of a port that is not a whole number from 1 to 65535
 * (the backend takes a number, and would refuse other text before its own checks run).
 * Everything else is checked by the backend, with its field and rule.
 */
export function profileFromForm(f: ProfileForm, inUse = false): { profile: SharedProfile } | { error: ErrorPayload } {
  const text = f.port.trim();
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    return { error: { code: "validation", message: "port", fields: [{ field: "port", rule: "out_of_range", limit: 65535 }] } };
  }
  return {
    profile: { host: f.host, port, database: f.database, user: f.user, root_certificate: f.root_certificate, in_use: inUse },
  };
}

/**
 * Messages next to the profile's fields. A connection address cannot hold spaces, quotes,
 * backslashes, `=`, `?` or `&`: the backend calls that `invalid_characters`, which says
 * more than the general sentence about control characters.
 */
export function profileFieldMessages(m: Messages, err: ErrorPayload | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (err?.code !== "validation") return out;
  for (const f of err.fields) {
    const label = (m.fields as Record<string, string | undefined>)[f.field] ?? f.field;
    let text: string;
    if (f.rule === "invalid_characters" && f.field !== "root_certificate") text = m.team.invalidCharacters(label);
    else if (f.rule === "out_of_range" && f.field === "port") text = m.team.portRange(label);
    else text = fieldMessage(m, f);
    out[f.field] ??= text;
  }
  return out;
}

/** Whether the server's schema fits this program: what *Test forbindelse* says about it. */
export type SchemaState = "ok" | "missing" | "old" | "new";

export function schemaState(t: Pick<ConnectionTest, "schema" | "schema_expected">): SchemaState {
  if (t.schema === t.schema_expected) return "ok";
  if (t.schema === 0) return "missing";
  return t.schema < t.schema_expected ? "old" : "new";
}

export function schemaMessage(m: Messages, t: ConnectionTest): string {
  switch (schemaState(t)) {
    case "ok":
      return m.team.schemaOk(t.schema);
    case "missing":
      return m.team.schemaMissing;
    case "old":
      return m.team.schemaOld(t.schema, t.schema_expected);
    case "new":
      return m.team.schemaNew(t.schema, t.schema_expected);
  }
}
