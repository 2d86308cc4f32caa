import type { Phase, Project, ProjectInput, TargetGroup } from "./api/types";
import { dateToInput, parseDate, parseTags } from "./format";

/** The project form as the person edits it: dates and tags as typed text. */
export interface ProjectForm {
  title: string;
  summary: string;
  kind: ProjectInput["kind"];
  phase: Phase;
  requester_unit: string;
  requester_contact: string;
  responsible_consultant: string;
  involvement_level: ProjectInput["involvement_level"];
  target_groups: TargetGroup[];
  start_date: string;
  deadline: string;
  tags: string;
}

export function emptyForm(): ProjectForm {
  return {
    title: "",
    summary: "",
    kind: "information_material",
    phase: "idea",
    requester_unit: "",
    requester_contact: "",
    responsible_consultant: "",
    involvement_level: "consult",
    target_groups: [],
    start_date: "",
    deadline: "",
    tags: "",
  };
}

export function formFromProject(p: Project): ProjectForm {
  return {
    title: p.title,
    summary: p.summary,
    kind: p.kind,
    phase: p.phase,
    requester_unit: p.requester_unit,
    requester_contact: p.requester_contact,
    responsible_consultant: p.responsible_consultant,
    involvement_level: p.involvement_level,
    target_groups: [...p.target_groups],
    start_date: dateToInput(p.start_date),
    deadline: dateToInput(p.deadline),
    tags: p.tags.join(", "),
  };
}

/** What is sent to the backend, which checks every field. */
export function inputFromForm(f: ProjectForm): ProjectInput {
  return {
    title: f.title,
    summary: f.summary,
    kind: f.kind,
    requester_unit: f.requester_unit,
    requester_contact: f.requester_contact,
    responsible_consultant: f.responsible_consultant,
    involvement_level: f.involvement_level,
    target_groups: f.target_groups,
    start_date: parseDate(f.start_date),
    deadline: parseDate(f.deadline),
    tags: parseTags(f.tags),
  };
}

/** The fields of the edit form (the phase is changed on the project page, not here). */
export const EDITED_FIELDS = [
  "title",
  "summary",
  "kind",
  "involvement_level",
  "target_groups",
  "requester_unit",
  "requester_contact",
  "responsible_consultant",
  "start_date",
  "deadline",
  "tags",
] as const satisfies readonly (keyof ProjectForm)[];
export type EditedField = (typeof EDITED_FIELDS)[number];

/** Whether two forms say the same for `field` (as saved: dates and tags as they parse). */
function same(a: ProjectForm, b: ProjectForm, field: EditedField): boolean {
  switch (field) {
    case "target_groups":
      return [...a.target_groups].sort().join() === [...b.target_groups].sort().join();
    case "start_date":
    case "deadline":
      return (parseDate(a[field]) ?? "") === (parseDate(b[field]) ?? "");
    case "tags":
      return parseTags(a.tags).join("\n") === parseTags(b.tags).join("\n");
    default:
      return a[field] === b[field];
  }
}

/**
 * The fields where what the person typed (`mine`) differs from the version saved meanwhile
 * by someone else (`theirs`): shown after a conflict, so the person can choose per field.
 */
export function formDifferences(mine: ProjectForm, theirs: ProjectForm): EditedField[] {
  return EDITED_FIELDS.filter((f) => !same(mine, theirs, f));
}
