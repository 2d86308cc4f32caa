import { describe, expect, it } from "vitest";
import type { AppStatus, Person } from "./api/types";
import { da } from "./i18n/da";
import { en } from "./i18n/en";
import { canSwitch, firstScreen, mayCall, mustChoose, personFieldMessages, roleNames, ROLES, screenAllowed, screenCommand } from "./roles";
import { access, can, mayExportPersonal, setAccess } from "./access.svelte";
import type { Route } from "./route";

/** What app_status says for each role (the commands of src-tauri/service/access.rs that role may call). */
const PEER = ["app_status", "get_settings", "board_overview", "to_report_back", "plan_meeting", "edit_meeting", "get_meeting", "set_attendance", "record_feedback", "get_consultation", "people", "choose_profile"];
const MANAGER = ["app_status", "get_settings", "list_projects", "get_project", "overview", "year_report", "export_sheet", "we_asked_report", "gripp2_draft", "people", "choose_profile"];
const ADMIN = ["app_status", "get_settings", "update_settings", "backups", "take_backup", "add_person", "edit_person", "remove_person", "people"];

function status(allowed: string[], extra: Partial<AppStatus> = {}): AppStatus {
  return {
    error: null,
    data_dir: "/tmp/x",
    version: "0.1.0",
    demo_added: 0,
    shared: null,
    person: null,
    profiles: [],
    allowed_commands: allowed,
    may_export_personal: false,
    encrypted: false,
    sign_in: null,
    test_lock_seconds: null,
    ...extra,
  };
}

const ali: Person = { id: "1", name: "Ali", roles: ["peer"] };
const mette: Person = { id: "2", name: "Mette", roles: ["manager"] };

describe("what the signed-in person may call", () => {
  it("is what app_status lists, and nothing before the status is read", () => {
    expect(mayCall(status(PEER), "board_overview")).toBe(true);
    expect(mayCall(status(PEER), "create_project")).toBe(false);
    expect(mayCall(null, "app_status")).toBe(false);
    expect(mayCall(undefined, "list_projects")).toBe(false);
  });

  it("is asked through can(), which follows the last status read", () => {
    setAccess(null);
    expect(can("list_projects")).toBe(false);
    expect(mayExportPersonal()).toBe(false);
    setAccess(status(MANAGER));
    expect(can("list_projects")).toBe(true);
    expect(can("create_project")).toBe(false);
    expect(mayExportPersonal()).toBe(false);
    setAccess(status([...MANAGER, "create_project"], { may_export_personal: true }));
    expect(can("create_project")).toBe(true);
    expect(mayExportPersonal()).toBe(true);
    expect(access.status?.allowed_commands).toContain("create_project");
    setAccess(null);
  });
});

describe("screens", () => {
  const all: Route[] = [
    { screen: "projects" }, { screen: "project-new" }, { screen: "project", id: "x" }, { screen: "project-edit", id: "x" },
    { screen: "settings" }, { screen: "board" }, { screen: "meeting", id: "x" }, { screen: "feedback-entry", id: "x" },
    { screen: "compiled", id: "x" }, { screen: "inputs" }, { screen: "overview" }, { screen: "report", id: "x" },
    { screen: "gripp2", id: "x" }, { screen: "year-report", year: 2026 },
  ];

  it("each need one command, and Indstillinger is open to all", () => {
    for (const r of all) expect(screenCommand(r), r.screen).toMatch(/^[a-z_0-9]+$/);
    const peer = (c: string) => PEER.includes(c);
    expect(all.filter((r) => screenAllowed(r, peer)).map((r) => r.screen)).toEqual(["settings", "board", "meeting", "feedback-entry", "compiled"]);
    const manager = (c: string) => MANAGER.includes(c);
    expect(all.filter((r) => screenAllowed(r, manager)).map((r) => r.screen)).toEqual(["projects", "project", "settings", "overview", "report", "gripp2", "year-report"]);
  });

  it("the first is Oversigt if allowed, else the Peer-board, else the projects, else Indstillinger", () => {
    const of = (allowed: string[]) => firstScreen((c) => allowed.includes(c)).screen;
    expect(of([...MANAGER, ...PEER])).toBe("overview");
    expect(of(MANAGER)).toBe("overview");
    expect(of(PEER)).toBe("board");
    expect(of(["list_projects"])).toBe("projects");
    expect(of(ADMIN)).toBe("settings");
  });
});

describe("roles and people", () => {
  it("name every role in Danish and English, in the usual order", () => {
    expect(ROLES.map((r) => da.roles[r])).toEqual(["Samskabelseskonsulent", "Peer-konsulent", "Leder", "Administrator"]);
    for (const r of ROLES) expect(en.roles[r]).toBeTruthy();
    expect(roleNames(da, ["administrator", "consultant"])).toBe("Samskabelseskonsulent, Administrator");
    expect(roleNames(da, [])).toBe("");
  });

  it("ask for a choice of person only while profiles wait to be chosen", () => {
    expect(mustChoose(status(["app_status"], { person: { id: "", name: "", roles: [] }, profiles: [ali, mette] }))).toBe(true);
    expect(mustChoose(status(PEER, { person: ali }))).toBe(false);
    expect(mustChoose(null)).toBe(false);
  });

  it("offer to switch person only on the embedded database with several profiles", () => {
    expect(canSwitch(status(PEER, { person: ali }), [ali, mette])).toBe(true);
    expect(canSwitch(status(PEER, { person: ali }), [ali])).toBe(false);
    expect(canSwitch(status(PEER), [ali, mette])).toBe(false);
    // An encrypted database: another person signs in with their passphrase, not a click.
    expect(canSwitch(status(PEER, { person: ali, encrypted: true }), [ali, mette])).toBe(false);
    expect(canSwitch(status(PEER, { person: ali, shared: "ab@pg:5432/samskab" }), [ali, mette])).toBe(false);
  });

  it("say in Danish what is wrong with a person", () => {
    const err = {
      code: "validation",
      message: "",
      fields: [
        { field: "name", rule: "duplicate" as const, limit: null },
        { field: "roles", rule: "required" as const, limit: null },
      ],
    };
    expect(personFieldMessages(da, err)).toEqual({ name: "Der er allerede en person med det navn.", roles: "Vælg mindst én rolle." });
    const long = { code: "validation", message: "", fields: [{ field: "name", rule: "too_long" as const, limit: 100 }, { field: "roles", rule: "invalid_choice" as const, limit: null }] };
    expect(personFieldMessages(da, long)).toEqual({ name: "Navn må højst være 100 tegn.", roles: "Roller: vælg en af mulighederne på listen." });
    expect(da.errors["not_allowed.last_administrator"]).toContain("mindst én administrator");
    expect(en.errors["not_allowed.last_administrator"]).toBeTruthy();
  });
});
