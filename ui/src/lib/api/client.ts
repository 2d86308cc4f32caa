/** Typed calls to the Rust commands. Argument names are the commands' snake_case names. */
import { invoke, type Channel } from "@tauri-apps/api/core";
import type {
  EncryptInput,
  AuditCheck,
  AuditFilter,
  AuditPage,
  FirstProfile,
  FirstProfileInput,
  PassphraseChange,
  RecoveryInput,
  RecoveryRestoreInput,
  ContributorErasure,
  ContributorErased,
  Subject,
  ConsentWithdrawn,
  AccessReport,
  ProfileName,
  AnswerInput, AppStatus, BoardOverview, Consultation, ConsultationInput, ConsultationView, ExportFormat, FeedbackInput,
  FeedbackPoint, Meeting, MeetingDetail, MeetingInput, Member, MemberInput, Phase, Project, ProjectDetail, ProjectInput, ProjectPage, ProjectTitle, ArchiveFilter,
  ProjectQuery, ReportBackItem, Settings, Activity, ActivityInput, Input, InputInput, InputQuery, InputHits, ThemeCount,
  WeAskedReport, Overview, ExportKind, SheetFormat, JobProgress, YearReport, Gripp2, Gripp2Draft,
  FileMode, Backups, BackupInfo, BackupFolder, Manifest, Restored, SharedProfile, ConnectionTest, MoveReport,
  Person, PersonInput,
  TimeEntry, TimeInput, HoursQuery, HoursView, ImpactEntry, ImpactInput, ImpactView, Material, MaterialInput, MaterialQuery, MaterialRow, ReviewInput,
  RatePeriod, RateInput, Claim, ClaimInput, ClaimView, PayoutDraft, PayoutList, ListSummary, ListView, YearTotals, Period,
} from "./types";
import { toPayload } from "../errors";
import { noteCommand } from "../live.svelte";

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  let result: T;
  try {
    result = await invoke<T>(cmd, args);
  } catch (err) {
    const error = toPayload(err);
    // A command that could not reach the shared database shows the offline banner.
    noteCommand(cmd, error);
    throw error;
  }
  noteCommand(cmd, null);
  return result;
}

export const api = {
  appStatus: () => call<AppStatus>("app_status"),
  listProjects: (query: ProjectQuery) => call<ProjectPage>("list_projects", { query }),
  projectTitles: (archive: ArchiveFilter) => call<ProjectTitle[]>("project_titles", { archive }),
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

  boardOverview: (allPast = false) => call<BoardOverview>("board_overview", { all_past: allPast }),
  toReportBack: () => call<ReportBackItem[]>("to_report_back"),
  addMember: (input: MemberInput) => call<Member>("add_member", { input }),
  editMember: (id: string, expected_version: number, input: MemberInput) => call<Member>("edit_member", { id, expected_version, input }),
  markMemberLeft: (id: string, expected_version: number, date: string | null) =>
    call<Member>("mark_member_left", { id, expected_version, date }),
  eraseMember: (id: string, expected_version: number) => call<Member>("erase_member", { id, expected_version }),
  eraseContributor: (input: ContributorErasure) => call<ContributorErased>("erase_contributor", { input }),
  accessReport: (subject: Subject) => call<AccessReport>("access_report", { subject }),
  withdrawConsent: (id: string, expected_version: number) => call<ConsentWithdrawn>("withdraw_consent", { id, expected_version }),
  processingRecord: () => call<AccessReport>("processing_record"),
  saveProcessingRecord: (path: string) => call<null>("save_processing_record", { path }),
  saveAccessReport: (subject: Subject, format: "html" | "json", path: string) => call<null>("save_access_report", { subject, format, path }),
  addTime: (input: TimeInput) => call<TimeEntry>("add_time", { input }),
  editTime: (id: string, expected_version: number, input: TimeInput) => call<TimeEntry>("edit_time", { id, expected_version, input }),
  setTimeRemoved: (id: string, expected_version: number, removed: boolean) => call<TimeEntry>("set_time_removed", { id, expected_version, removed }),
  hours: (query: HoursQuery) => call<HoursView>("hours", { query }),
  addImpact: (project_id: string, input: ImpactInput) => call<ImpactEntry>("add_impact", { project_id, input }),
  editImpact: (id: string, expected_version: number, input: ImpactInput) => call<ImpactEntry>("edit_impact", { id, expected_version, input }),
  withdrawImpactConsent: (id: string, expected_version: number) => call<ImpactEntry>("withdraw_impact_consent", { id, expected_version }),
  impactLog: (project_id: string) => call<ImpactView[]>("impact_log", { project_id }),
  addMaterial: (input: MaterialInput) => call<Material>("add_material", { input }),
  editMaterial: (id: string, expected_version: number, input: MaterialInput) => call<Material>("edit_material", { id, expected_version, input }),
  reviewMaterial: (id: string, expected_version: number, input: ReviewInput) => call<Material>("review_material", { id, expected_version, input }),
  materials: (query: MaterialQuery) => call<MaterialRow[]>("materials", { query }),
  getMaterial: (id: string) => call<MaterialRow>("get_material", { id }),
  payoutRates: () => call<RatePeriod[]>("payout_rates"),
  savePayoutRates: (rates: RateInput[]) => call<RatePeriod[]>("save_payout_rates", { rates }),
  addClaim: (input: ClaimInput) => call<Claim>("add_claim", { input }),
  editClaim: (id: string, expected_version: number, input: ClaimInput) => call<Claim>("edit_claim", { id, expected_version, input }),
  setClaimWithdrawn: (id: string, expected_version: number, withdrawn: boolean) =>
    call<Claim>("set_claim_withdrawn", { id, expected_version, withdrawn }),
  claims: (period: Period) => call<ClaimView[]>("claims", { period }),
  payoutDraft: (period: Period) => call<PayoutDraft>("payout_draft", { period }),
  approvePayout: (period: Period, stamp: string) => call<PayoutList>("approve_payout", { period, stamp }),
  markPayoutSent: (id: string, expected_version: number) => call<PayoutList>("mark_payout_sent", { id, expected_version }),
  withdrawPayout: (id: string, expected_version: number) => call<PayoutList>("withdraw_payout", { id, expected_version }),
  payoutLists: () => call<ListSummary[]>("payout_lists"),
  payoutList: (id: string) => call<ListView>("payout_list", { id }),
  savePayoutList: (id: string, format: SheetFormat, path: string) => call<null>("save_payout_list", { id, format, path }),
  payoutYear: (year: number) => call<YearTotals>("payout_year", { year }),
  savePayoutYear: (year: number, member_id: string | null, path: string) => call<null>("save_payout_year", { year, member_id, path }),
  planMeeting: (input: MeetingInput) => call<Meeting>("plan_meeting", { input }),
  editMeeting: (id: string, expected_version: number, input: MeetingInput) => call<Meeting>("edit_meeting", { id, expected_version, input }),
  getMeeting: (id: string) => call<MeetingDetail>("get_meeting", { id }),
  scheduleConsultation: (id: string, expected_version: number, consultation_id: string) =>
    call<Meeting>("schedule_consultation", { id, expected_version, consultation_id }),
  unscheduleConsultation: (id: string, expected_version: number, consultation_id: string) =>
    call<Meeting>("unschedule_consultation", { id, expected_version, consultation_id }),
  reorderMeeting: (id: string, expected_version: number, agenda: string[], report_back: string[]) =>
    call<Meeting>("reorder_meeting", { id, expected_version, agenda, report_back }),
  setAttendance: (id: string, expected_version: number, members: string[]) => call<Meeting>("set_attendance", { id, expected_version, members }),
  setMinutes: (id: string, expected_version: number, minutes: string) => call<Meeting>("set_minutes", { id, expected_version, minutes }),
  markMeetingHeld: (id: string, expected_version: number) => call<Meeting>("mark_meeting_held", { id, expected_version }),
  cancelMeeting: (id: string, expected_version: number) => call<Meeting>("cancel_meeting", { id, expected_version }),
  addReportBack: (id: string, expected_version: number, points: string[]) => call<Meeting>("add_report_back", { id, expected_version, points }),
  removeReportBack: (id: string, expected_version: number, points: string[]) => call<Meeting>("remove_report_back", { id, expected_version, points }),
  markReportedBack: (id: string, points: string[]) => call<FeedbackPoint[]>("mark_reported_back", { id, points }),
  requestConsultation: (project_id: string, input: ConsultationInput) => call<Consultation>("request_consultation", { project_id, input }),
  editConsultation: (id: string, expected_version: number, input: ConsultationInput) =>
    call<Consultation>("edit_consultation", { id, expected_version, input }),
  getConsultation: (id: string) => call<ConsultationView>("get_consultation", { id }),
  projectConsultations: (project_id: string) => call<ConsultationView[]>("project_consultations", { project_id }),
  recordFeedback: (consultation_id: string, input: FeedbackInput) => call<FeedbackPoint>("record_feedback", { consultation_id, input }),
  editFeedback: (id: string, expected_version: number, input: FeedbackInput) => call<FeedbackPoint>("edit_feedback", { id, expected_version, input }),
  answerFeedback: (id: string, expected_version: number, input: AnswerInput) => call<FeedbackPoint>("answer_feedback", { id, expected_version, input }),
  saveDraft: (key: string, text: string) => call<null>("save_draft", { key, text }),
  getDraft: (key: string) => call<string>("get_draft", { key }),
  saveCompiledFeedback: (consultation_id: string, format: ExportFormat, path: string) =>
    call<null>("save_compiled_feedback", { consultation_id, format, path }),

  addActivity: (project_id: string, input: ActivityInput) => call<Activity>("add_activity", { project_id, input }),
  projectActivities: (project_id: string) => call<Activity[]>("project_activities", { project_id }),
  captureInput: (input: InputInput) => call<Input>("capture_input", { input }),
  answerInput: (id: string, expected_version: number, input: AnswerInput) => call<Input>("answer_input", { id, expected_version, input }),
  reportBackInputs: (ids: string[], channel: string, date: string | null) => call<Input[]>("report_back_inputs", { ids, channel, date }),
  searchInputs: (query: InputQuery) => call<InputHits>("search_inputs", { query }),
  themes: (project_id: string | null) => call<ThemeCount[]>("themes", { project_id }),
  mergeThemes: (from: string[], into: string) => call<number>("merge_themes", { from, into }),
  weAskedReport: (project_id: string) => call<WeAskedReport>("we_asked_report", { project_id }),
  saveWeAskedReport: (project_id: string, format: ExportFormat, path: string) => call<null>("save_we_asked_report", { project_id, format, path }),

  overview: () => call<Overview>("overview"),
  exportSheet: (kind: ExportKind, format: SheetFormat, personal: boolean, path: string, job: string, on_progress: Channel<JobProgress>) =>
    call<number>("export_sheet", { kind, format, personal, path, job, on_progress }),
  cancelJob: (job: string) => call<boolean>("cancel_job", { job }),
  yearReport: (year: number, personal: boolean, job: string, on_progress: Channel<JobProgress>) =>
    call<YearReport>("year_report", { year, personal, job, on_progress }),
  saveYearReport: (year: number, personal: boolean, path: string, job: string, on_progress: Channel<JobProgress>) =>
    call<null>("save_year_report", { year, personal, path, job, on_progress }),
  gripp2Draft: (project_id: string) => call<Gripp2Draft>("gripp2_draft", { project_id }),
  saveGripp2Draft: (project_id: string, draft: Gripp2 | null) => call<null>("save_gripp2_draft", { project_id, draft }),
  saveGripp2: (project_id: string, draft: Gripp2, format: ExportFormat, path: string) =>
    call<null>("save_gripp2", { project_id, draft, format, path }),
  /**
   * Opens the native file dialog (from Rust, which remembers the answer: only chosen paths
   * are written to or read from). The chosen path, or null when cancelled. With the test
   * option `--test-save-dir`, that folder and the suggested name, without a dialog.
   */
  chooseFile: (suggested: string, filter_name: string, extensions: string[], mode: FileMode) =>
    call<string | null>("choose_file", { suggested, filter_name, extensions, mode }),
  backups: () => call<Backups>("backups"),
  takeBackup: () => call<BackupInfo>("take_backup"),
  setBackupFolder: (folder: string | null) => call<BackupFolder>("set_backup_folder", { folder }),
  inspectBackup: (path: string, passphrase: string | null = null) => call<Manifest>("inspect_backup", { path, passphrase }),
  restoreBackup: (path: string) => call<Restored>("restore_backup", { path }),
  exportDatabase: (path: string, passphrase: string | null = null, passphrase_repeat: string | null = null) =>
    call<Manifest>("export_database", { path, passphrase, passphrase_repeat }),
  importDatabase: (path: string, passphrase: string | null = null) => call<Restored>("import_database", { path, passphrase }),
  newestBackup: () => call<BackupInfo | null>("newest_backup"),

  // Team mode: the shared database.
  signIn: (password: string) => call<null>("sign_in", { password }),
  sharedProfile: () => call<SharedProfile>("shared_profile"),
  saveSharedProfile: (profile: SharedProfile) => call<SharedProfile>("save_shared_profile", { profile }),
  testConnection: (profile: SharedProfile, password: string) => call<ConnectionTest>("test_connection", { profile, password }),
  useSharedDatabase: (profile: SharedProfile, password: string) => call<null>("use_shared_database", { profile, password }),
  moveLocalToShared: (profile: SharedProfile, password: string) => call<MoveReport>("move_local_to_shared", { profile, password }),
  useLocalDatabase: () => call<null>("use_local_database"),

  // People and roles: the profiles of the embedded database.
  people: () => call<Person[]>("people"),
  addPerson: (input: PersonInput) => call<Person>("add_person", { input }),
  editPerson: (id: string, input: PersonInput) => call<Person>("edit_person", { id, input }),
  removePerson: (id: string) => call<null>("remove_person", { id }),
  chooseProfile: (id: string) => call<Person>("choose_profile", { id }),

  // The encrypted embedded database: first start, sign-in, lock, passphrases.
  setUpDatabase: (input: FirstProfileInput) => call<FirstProfile>("set_up_database", { input }),
  unlock: (profile_id: string, passphrase: string) => call<Person>("unlock", { profile_id, passphrase }),
  unlockWithRecovery: (input: RecoveryInput) => call<Person>("unlock_with_recovery", { input }),
  backupProfiles: (path: string, recovery_key: string) => call<ProfileName[]>("backup_profiles", { path, recovery_key }),
  restoreWithRecovery: (input: RecoveryRestoreInput) => call<Person>("restore_with_recovery", { input }),
  lock: () => call<null>("lock"),
  changePassphrase: (input: PassphraseChange) => call<null>("change_passphrase", { input }),
  encryptDatabase: (input: EncryptInput) => call<FirstProfile>("encrypt_database", { input }),

  // The audit log (the administrator).
  auditLog: (filter: AuditFilter) => call<AuditPage>("audit_log", { filter }),
  checkAuditLog: () => call<AuditCheck>("check_audit_log"),
  exportAuditLog: (filter: AuditFilter, path: string) => call<null>("export_audit_log", { filter, path }),
  notePrint: (screen: string, id: string | null) => call<null>("note_print", { screen, id }),
};
