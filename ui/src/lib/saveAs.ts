import { attempt } from "./action";
import { api } from "./api/client";
import { msg } from "./i18n/index.svelte";
import { showNotice } from "./state.svelte";
import type { ExportFormat } from "./api/types";

/**
 * Asks where to save (the save dialog), then lets `write` write the file there and tells the
 * person where it went. Nothing happens when the dialog is cancelled.
 */
export async function saveThroughDialog(
  defaultPath: string,
  filter: { name: string; extensions: string[] },
  write: (path: string) => Promise<unknown>,
  done: (path: string, result: unknown) => string = (path) => msg().consultation.savedFile(path),
): Promise<void> {
  // The dialog is opened from Rust, which remembers the answer: only a path chosen there
  // can be written to. (The end-to-end tests name a folder instead of driving the dialog.)
  const r0 = await attempt(() => api.chooseFile(defaultPath, filter.name, filter.extensions, "save"), false);
  const path = "ok" in r0 ? r0.ok : null;
  if (!path) return;
  const r = await attempt(() => write(path), false);
  if ("ok" in r) showNotice("info", done(path, r.ok));
}

/** Saves a document (report, compiled feedback, GRIPP2) as `baseName.html` or `baseName.md`. */
export function saveDocument(baseName: string, format: ExportFormat, write: (path: string) => Promise<unknown>): Promise<void> {
  const ext = format === "html" ? "html" : "md";
  return saveThroughDialog(`${baseName}.${ext}`, { name: format === "html" ? "HTML" : "Markdown", extensions: [ext] }, write);
}
