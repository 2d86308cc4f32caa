import type { ProjectQuery } from "./api/types";

export function emptyQuery(): ProjectQuery {
  return { phases: [], levels: [], kinds: [], target_groups: [], text: "", archive: "active", sort: "deadline", limit: 0 };
}

/** How many filters narrow the list (sort order not counted). */
export function activeFilterCount(q: ProjectQuery): number {
  return (
    (q.phases.length > 0 ? 1 : 0) +
    (q.levels.length > 0 ? 1 : 0) +
    (q.kinds.length > 0 ? 1 : 0) +
    (q.target_groups.length > 0 ? 1 : 0) +
    (q.text.trim() !== "" ? 1 : 0) +
    (q.archive !== "active" ? 1 : 0)
  );
}

/** A single-choice select ("" = all) as the list the query holds. */
export function single<T extends string>(value: string, allowed: readonly T[]): T[] {
  return (allowed as readonly string[]).includes(value) ? [value as T] : [];
}
