import type { Channel, ContributorGroup } from "./api/types";

/** What quick capture remembers between inputs (and, through localStorage, between starts). */
export interface CaptureMemory {
  project_id: string;
  channel: Channel;
  group: ContributorGroup;
  date: string;
}

const KEY = "samskab.capture";

export function loadMemory(storage: Pick<Storage, "getItem"> | undefined, today: string): CaptureMemory {
  const fallback: CaptureMemory = { project_id: "", channel: "workshop", group: "patients", date: today };
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return fallback;
    const saved = JSON.parse(raw) as Partial<CaptureMemory>;
    // The date is only remembered within the same day's work.
    return { ...fallback, ...saved, date: fallback.date };
  } catch {
    return fallback;
  }
}

export function saveMemory(storage: Pick<Storage, "setItem"> | undefined, memory: CaptureMemory): void {
  try {
    storage?.setItem(KEY, JSON.stringify({ project_id: memory.project_id, channel: memory.channel, group: memory.group }));
  } catch {
    // Not remembering is no loss of data: the input itself is saved in the database.
  }
}

/** Whether quick capture is open (Ctrl+I opens it from anywhere). */
export const capture = $state<{ open: boolean }>({ open: false });
