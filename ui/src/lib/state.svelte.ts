import type { ProjectQuery } from "./api/types";
import { emptyQuery } from "./filters";

/** UI state that outlives one screen: the list's filter, and the notice shown to the person. */
export const listState = $state<{ query: ProjectQuery }>({ query: emptyQuery() });

/** The Input screen's filter; kept here so a figure on Oversigt can open the list behind it. */
/** The answer filter: any answer at all, or adopted fully or partly. */
export type AnswerFilter = "" | "answered" | "adopted";

const noInputFilter = () => ({ text: "", project: "", source: "", theme: "", status: "", answer: "" as AnswerFilter, overdue: false, from: "", to: "" });

export const inputFilter = $state(noInputFilter());

export function resetInputFilter(): void {
  Object.assign(inputFilter, noInputFilter());
}

export type Notice = { kind: "info" | "error"; text: string };
export const notice = $state<{ current: Notice | null }>({ current: null });

export function showNotice(kind: Notice["kind"], text: string): void {
  notice.current = { kind, text };
}
