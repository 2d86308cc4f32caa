import type { AppStatus, ErrorPayload, Person, Role } from "./api/types";
import type { Messages } from "./i18n/da";
import type { Route } from "./route";
import { fieldMessages } from "./errors";

/**
 * Who may do what, as far as the UI goes. Rust checks every command before it runs and
 * refuses with `forbidden.role`; the UI only hides what would be refused, from the list of
 * commands the app status gives (`allowed_commands`).
 */

/** The roles, in the order they are shown. */
export const ROLES = ["consultant", "peer", "manager", "administrator"] as const satisfies readonly Role[];

/** Whether the signed-in person may call `command`. Nothing is allowed before the status is read. */
export function mayCall(status: Pick<AppStatus, "allowed_commands"> | null | undefined, command: string): boolean {
  return status?.allowed_commands.includes(command) ?? false;
}

/** The command a screen cannot be shown without (its main read, or the form's save). */
export function screenCommand(route: Route): string {
  switch (route.screen) {
    case "projects":
      return "list_projects";
    case "project":
      return "get_project";
    case "project-new":
      return "create_project";
    case "project-edit":
      return "update_project";
    case "settings":
      return "get_settings";
    case "board":
      return "board_overview";
    case "meeting":
      return "get_meeting";
    case "feedback-entry":
      return "record_feedback";
    case "compiled":
      return "get_consultation";
    case "inputs":
      return "search_inputs";
    case "overview":
      return "overview";
    case "report":
      return "we_asked_report";
    case "gripp2":
      return "gripp2_draft";
    case "year-report":
      return "year_report";
    case "payouts":
      return "claims";
    case "hours":
      return "hours";
    case "materials":
      return "materials";
    case "material":
      return "get_material";
  }
}

export function screenAllowed(route: Route, can: (command: string) => boolean): boolean {
  return can(screenCommand(route));
}

/**
 * The first screen after start (and after choosing a person): Oversigt if the person may
 * see it, else the Peer-board, else the projects; Indstillinger, which all may open, last.
 */
export function firstScreen(can: (command: string) => boolean): Route {
  if (can("overview")) return { screen: "overview" };
  if (can("board_overview")) return { screen: "board" };
  if (can("list_projects")) return { screen: "projects" };
  return { screen: "settings" };
}

/** A person's roles in the language of `m`, in the usual order: "Samskabelseskonsulent, Administrator". */
export function roleNames(m: Messages, roles: readonly Role[]): string {
  return ROLES.filter((r) => roles.includes(r))
    .map((r) => m.roles[r])
    .join(", ");
}

/** Whether a profile must be chosen before the app can be used (several profiles, none chosen). */
export function mustChoose(status: Pick<AppStatus, "profiles"> | null | undefined): boolean {
  return (status?.profiles.length ?? 0) > 0;
}

/** Whether there are people to switch between (the embedded database, more than one profile). */
export function canSwitch(status: Pick<AppStatus, "person" | "shared" | "encrypted"> | null | undefined, people: readonly Person[]): boolean {
  // On an encrypted database another person signs in with their passphrase: *Lås*, then the sign-in.
  return status?.person != null && status.shared === null && !status.encrypted && people.length > 1;
}

/** The messages for the person form's fields, with the people form's own wording where it reads better. */
export function personFieldMessages(m: Messages, err: ErrorPayload | null): Record<string, string> {
  const out = fieldMessages(m, err);
  for (const f of err?.fields ?? []) {
    if (f.field === "name" && f.rule === "duplicate") out.name = m.people.duplicate;
    if (f.field === "roles" && f.rule === "required") out.roles = m.people.noRole;
  }
  return out;
}
