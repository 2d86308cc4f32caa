import type { AppStatus } from "./api/types";
import { mayCall } from "./roles";

/**
 * The app status as last read, for every screen to ask what the signed-in person may do:
 * `can("create_project")`. Read again after signing in, choosing or switching person, and
 * after a change of the people. Hiding is a convenience: Rust refuses anyway.
 */
export const access = $state<{ status: AppStatus | null }>({ status: null });

export function setAccess(status: AppStatus | null): void {
  access.status = status;
}

/** Whether the signed-in person may call `command` (false until the status is read). */
export function can(command: string): boolean {
  return mayCall(access.status, command);
}

/** Whether reports and exports may include personal data (names, references to people). */
export function mayExportPersonal(): boolean {
  return access.status?.may_export_personal ?? false;
}

let reload: (() => Promise<void>) | null = null;

/** The app registers how it reads its status again. */
export function onReloadStatus(fn: () => Promise<void>): void {
  reload = fn;
}

/** Reads the status again (a person was added, changed or removed). */
export async function reloadStatus(): Promise<void> {
  await reload?.();
}
