import type { ProjectQuery } from "./api/types";
import { emptyQuery } from "./filters";

/** UI state that outlives one screen: the list's filter, and the notice shown to the person. */
export const listState = $state<{ query: ProjectQuery }>({ query: emptyQuery() });

/** The Input screen's filter; kept here so a figure on Oversigt can open the list behind it. */
export const inputFilter = $state({ text: "", project: "", source: "", theme: "", status: "", overdue: false, from: "", to: "" });

export function resetInputFilter(): void {
  Object.assign(inputFilter, { text: "", project: "", source: "", theme: "", status: "", overdue: false, from: "", to: "" });
}

export type Notice = { kind: "info" | "error"; text: string };
export const notice = $state<{ current: Notice | null }>({ current: null });

export function showNotice(kind: Notice["kind"], text: string): void {
  notice.current = { kind, text };
}
