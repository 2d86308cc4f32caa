import type { Meeting, PointView } from "./api/types";

/** Points grouped by their first theme, themes in Danish order, points without a theme last. */
export function groupByTheme(points: PointView[], noTheme: string): { theme: string; points: PointView[] }[] {
  const groups = new Map<string, PointView[]>();
  const none: PointView[] = [];
  for (const p of points) {
    const theme = p.point.themes[0];
    if (theme === undefined) none.push(p);
    else groups.set(theme, [...(groups.get(theme) ?? []), p]);
  }
  const collator = new Intl.Collator("da");
  const out = [...groups.entries()].sort(([a], [b]) => collator.compare(a, b)).map(([theme, points]) => ({ theme, points }));
  if (none.length > 0) out.push({ theme: noTheme, points: none });
  return out;
}

/** Moves the item at `index` one step up (-1) or down (+1); out of range leaves the list as it is. */
export function moved<T>(list: readonly T[], index: number, step: -1 | 1): T[] {
  const target = index + step;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const out = [...list];
  [out[index], out[target]] = [out[target]!, out[index]!];
  return out;
}

/** Themes typed as one line separated by commas. */
export function parseThemes(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

/** `16:00:00` → `16:00`. */
export function shortTime(time: string): string {
  return time.slice(0, 5);
}

export function meetingLabel(m: Pick<Meeting, "date" | "time">, formatDate: (iso: string) => string): string {
  return `${formatDate(m.date)} ${shortTime(m.time)}`;
}
