import type { MoveReport, ProjectQuery } from "./api/types";
import { emptyQuery } from "./filters";
import { capture } from "./capture.svelte";

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

/** `keep`: the notice is about to be followed by a move to another screen, and stays there. */
export type Notice = { kind: "info" | "error"; text: string; keep?: boolean };
export const notice = $state<{ current: Notice | null }>({ current: null });

export function showNotice(kind: Notice["kind"], text: string, keep = false): void {
  notice.current = { kind, text, keep };
}

/**
 * Counts how often the whole database was replaced (a backup restored, an export imported).
 * The app reads its status and settings again and builds the open screen anew when it
 * changes, so nothing from the replaced data stays on screen.
 */
export const session = $state<{ generation: number }>({ generation: 0 });

/** Forgets what the screens kept of the replaced data, and makes the app load it again. */
export function dataReplaced(): void {
  Object.assign(listState.query, emptyQuery());
  resetInputFilter();
  capture.open = false;
  session.generation += 1;
}

/**
 * The check of the last move of the local data into the shared database: shown in
 * Indstillinger after the app went over to the shared database (which builds the screen
 * anew).
 */
export const teamState = $state<{ moveReport: MoveReport | null }>({ moveReport: null });

/** Settings the app shell acts on: the minutes without use before an encrypted database locks. */
export const preferences = $state({ lockMinutes: 10 });
