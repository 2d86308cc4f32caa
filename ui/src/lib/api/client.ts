/** Typed calls to the Rust commands. Argument names are the commands' snake_case names. */
import { invoke } from "@tauri-apps/api/core";
import type { AppStatus, Phase, Project, ProjectDetail, ProjectInput, ProjectQuery, Settings } from "./types";
import { toPayload } from "../errors";

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (err) {
    throw toPayload(err);
  }
}

export const api = {
  appStatus: () => call<AppStatus>("app_status"),
  listProjects: (query: ProjectQuery) => call<Project[]>("list_projects", { query }),
  getProject: (id: string) => call<ProjectDetail>("get_project", { id }),
  createProject: (input: ProjectInput, phase: Phase) => call<Project>("create_project", { input, phase }),
  updateProject: (id: string, expected_version: number, input: ProjectInput) =>
    call<Project>("update_project", { id, expected_version, input }),
  changeProjectPhase: (id: string, expected_version: number, phase: Phase) =>
    call<ProjectDetail>("change_project_phase", { id, expected_version, phase }),
  setProjectArchived: (id: string, expected_version: number, archived: boolean) =>
    call<Project>("set_project_archived", { id, expected_version, archived }),
  getSettings: () => call<Settings>("get_settings"),
  updateSettings: (settings: Settings) => call<Settings>("update_settings", { settings }),
};
