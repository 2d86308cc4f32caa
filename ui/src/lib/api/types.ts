// Generated from the Rust types by ts-rs (src-tauri/bindings.rs). Do not edit:
// run `UPDATE_BINDINGS=1 cargo test --test it bindings` to regenerate.

export type Rule = "required" | "too_long" | "too_many" | "invalid_choice" | "invalid_date" | "before_start" | "out_of_range";

export type FieldError = { field: string, rule: Rule, limit: number | null, };

export type ErrorPayload = { code: string, message: string, fields: Array<FieldError>, };

export type ProjectKind = "information_material" | "workflow" | "service" | "event" | "other";

export type Phase = "idea" | "preparation" | "involvement" | "implementation" | "follow_up" | "closed" | "paused" | "dropped";

export type InvolvementLevel = "inform" | "consult" | "involve" | "collaborate" | "empower";

export type TargetGroup = "patients" | "relatives";

export type Project = { id: string, 
/**
 * Incremented by every change; an update names the version it read.
 */
version: number, title: string, summary: string, kind: ProjectKind, requester_unit: string, requester_contact: string, responsible_consultant: string, phase: Phase, involvement_level: InvolvementLevel, target_groups: Array<TargetGroup>, start_date: string | null, deadline: string | null, tags: Array<string>, archived: boolean, created_at: string, updated_at: string, };

export type ProjectInput = { title: string, summary: string, kind: ProjectKind, requester_unit: string, requester_contact: string, responsible_consultant: string, involvement_level: InvolvementLevel, target_groups: Array<TargetGroup>, 
/**
 * `YYYY-MM-DD` or empty.
 */
start_date: string | null, 
/**
 * `YYYY-MM-DD` or empty.
 */
deadline: string | null, tags: Array<string>, };

export type PhaseChange = { id: string, project_id: string, at: string, by: string, from: Phase | null, to: Phase, };

export type ProjectDetail = { project: Project, timeline: Array<PhaseChange>, };

export type ArchiveFilter = "active" | "archived" | "all";

export type ProjectSort = "deadline" | "title" | "updated";

export type ProjectQuery = { phases: Array<Phase>, levels: Array<InvolvementLevel>, kinds: Array<ProjectKind>, target_groups: Array<TargetGroup>, 
/**
 * Free text, matched case-insensitively against title, summary, requester, consultant
 * and tags. Every word must match.
 */
text: string, archive: ArchiveFilter, sort: ProjectSort, };

export type Language = "da" | "en";

export type Settings = { language: Language, user_name: string, };

export type AppStatus = { 
/**
 * Why the database could not be opened; `None` when it is open.
 */
error: ErrorPayload | null, data_dir: string | null, version: string, 
/**
 * How many demo projects `--demo` added at this start.
 */
demo_added: number, };
