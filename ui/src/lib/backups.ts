/** What a backup or export file holds, said the way people read it. */
import type { ErrorPayload, KindCount, Manifest } from "./api/types";
import { errorMessage } from "./errors";
import type { Messages } from "./i18n/da";

/** The kinds of record an export file holds (see docs/export-format.md), in its order. */
export const RECORD_KINDS = [
  "settings",
  "projects",
  "phase_changes",
  "members",
  "meetings",
  "consultations",
  "feedback_points",
  "activities",
  "inputs",
  "contributors",
  "drafts",
  "claims",
  "payout_lists",
  "time_entries",
  "impact_entries",
  "materials",
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The order of the short summary: what people look for first. The settings are left out. */
const SUMMARY_ORDER: RecordKind[] = [
  "projects",
  "inputs",
  "feedback_points",
  "consultations",
  "meetings",
  "members",
  "activities",
  "phase_changes",
  "materials",
  "time_entries",
  "impact_entries",
  "claims",
  "payout_lists",
  "contributors",
  "drafts",
];

const isKind = (k: string): k is RecordKind => (RECORD_KINDS as readonly string[]).includes(k);

/** The counts per kind of a manifest, as a backup in the list has them. */
export function manifestCounts(manifest: Manifest): KindCount[] {
  return manifest.parts.map((p) => ({ kind: p.kind, count: p.count }));
}

/** Every record in the file, the settings included. */
export function totalRecords(counts: KindCount[]): number {
  return counts.reduce((sum, c) => sum + c.count, 0);
}

/** The label of a kind ("Feedbackpunkter"); an unknown kind by its own name. */
export function kindLabel(m: Messages, kind: string): string {
  return isKind(kind) ? m.backups.kinds[kind] : kind;
}

/** One kind with its count ("25 feedbackpunkter"). */
export function kindCount(m: Messages, kind: string, count: number): string {
  return isKind(kind) ? m.backups.kindCount[kind](count) : `${kind}: ${count.toLocaleString(m.locale)}`;
}

/**
 * A line saying what a backup holds: "12 projekter, 340 input, 25 feedbackpunkter, …", the
 * kinds people look for first, those with no records left out (and the settings, which
 * every database has).
 */
export function countsSummary(m: Messages, counts: KindCount[]): string {
  const known = SUMMARY_ORDER.flatMap((kind) => counts.filter((c) => c.kind === kind && c.count > 0));
  const unknown = counts.filter((c) => !isKind(c.kind) && c.count > 0);
  const parts = [...known, ...unknown].map((c) => kindCount(m, c.kind, c.count));
  return parts.length === 0 ? m.backups.nothing : parts.join(", ");
}

/** The kinds the file holds records of, in the file's order: the table shown before a restore. */
export function countRows(m: Messages, counts: KindCount[]): { kind: string; label: string; count: string }[] {
  return counts
    .filter((c) => c.count > 0)
    .map((c) => ({ kind: c.kind, label: kindLabel(m, c.kind), count: c.count.toLocaleString(m.locale) }));
}

/** A file size the way people read it: "870 B", "12 kB", "1,4 MB". */
export function formatSize(bytes: number, locale: string): string {
  const units = ["B", "kB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** The suggested name of a whole-database export: `samskab-eksport-2026-11-29.zip` (local date). */
export function exportFileName(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `samskab-eksport-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.zip`;
}

/** The save and open dialogs' filter for export files. */
export const EXPORT_FILTER = { name: "Samskab-eksport", extensions: ["zip"] };

/** Why a backup could not be taken or read, said about the backup folder where that fits. */
export function backupProblem(m: Messages, e: ErrorPayload): string {
  return m.backups.problems[e.code] ?? errorMessage(m, e);
}
