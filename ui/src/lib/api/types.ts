// Generated from the Rust types by ts-rs (src-tauri/bindings.rs). Do not edit:
// run `UPDATE_BINDINGS=1 cargo test --test it bindings` to regenerate.

export type Rule = "required" | "too_long" | "too_many" | "invalid_choice" | "invalid_date" | "before_start" | "out_of_range" | "invalid_time" | "invalid_format" | "duplicate" | "invalid_characters" | "in_future" | "before_given" | "too_short" | "mismatch";

export type FieldError = { field: string, rule: Rule, limit: number | null, };

export type ErrorPayload = { code: string, message: string, fields: Array<FieldError>, };

export type ProjectKind = "information_material" | "workflow" | "service" | "event" | "other";

export type Phase = "idea" | "preparation" | "involvement" | "implementation" | "follow_up" | "closed" | "paused" | "dropped";

export type InvolvementLevel = "inform" | "consult" | "involve" | "collaborate" | "empower";

export type TargetGroup = "patients" | "relatives";

export type Project = { id: string, 
/**
 * Incremented by every change; an update names the version it read.
 */
version: number, title: string, summary: string, kind: ProjectKind, requester_unit: string, requester_contact: string, responsible_consultant: string, phase: Phase, involvement_level: InvolvementLevel, target_groups: Array<TargetGroup>, start_date: string | null, deadline: string | null, tags: Array<string>, archived: boolean, created_at: string, updated_at: string, };

export type ProjectInput = { title: string, summary: string, kind: ProjectKind, requester_unit: string, requester_contact: string, responsible_consultant: string, involvement_level: InvolvementLevel, target_groups: Array<TargetGroup>, 
/**
 * `YYYY-MM-DD` or empty.
 */
start_date: string | null, 
/**
 * `YYYY-MM-DD` or empty.
 */
deadline: string | null, tags: Array<string>, };

export type PhaseChange = { id: string, project_id: string, at: string, by: string, from: Phase | null, to: Phase, };

export type ProjectDetail = { project: Project, timeline: Array<PhaseChange>, };

export type ArchiveFilter = "active" | "archived" | "all";

export type ProjectSort = "deadline" | "title" | "updated";

export type ProjectQuery = { phases: Array<Phase>, levels: Array<InvolvementLevel>, kinds: Array<ProjectKind>, target_groups: Array<TargetGroup>, 
/**
 * Free text, matched case-insensitively against title, summary, requester, consultant
 * and tags. Every word must match.
 */
text: string, archive: ArchiveFilter, sort: ProjectSort, 
/**
 * How many of the sorted projects to return (0: all of them). The list screen asks
 * for a page and for more when the user wants them.
 */
limit: number, };

export type ProjectPage = { total: number, projects: Array<Project>, };

export type ProjectTitle = { id: string, title: string, };

export type Language = "da" | "en";

export type Role = "consultant" | "peer" | "manager" | "administrator";

export type Person = { id: string, name: string, roles: Array<Role>, };

export type PersonInput = { name: string, roles: Array<string>, 
/**
 * The new profile's passphrase, on an encrypted database (required there when a
 * profile is added; unused when one is edited).
 */
passphrase?: string, };

export type FirstProfileInput = { name: string, passphrase: string, passphrase_repeat: string, };

export type FirstProfile = { person: Person, recovery_key: string, 
/**
 * *Kryptér databasen*: how many unencrypted backups were removed once the encrypted
 * database had a verified backup of its own.
 */
plain_backups_removed: number, };

export type RecoveryInput = { recovery_key: string, profile_id: string, passphrase: string, passphrase_repeat: string, };

export type RecoveryRestoreInput = { path: string, recovery_key: string, profile_id: string, passphrase: string, passphrase_repeat: string, };

export type PassphraseChange = { profile_id: string | null, current: string, passphrase: string, passphrase_repeat: string, };

export type ProfileName = { id: string, name: string, };

export type SignInScreen = { profiles: Array<ProfileName>, 
/**
 * A database made by `--demo`: its profile and passphrase, shown for a newcomer.
 */
demo: DemoHint | null, };

export type DemoHint = { profile_id: string, name: string, passphrase: string, };

export type EncryptInput = { name: string, passphrase: string, passphrase_repeat: string, };

export type AuditAction = "read" | "search" | "create" | "change" | "delete" | "export" | "print" | "backup" | "restore" | "sign_in" | "failed_sign_in";

export type AuditEntry = { 
/**
 * 1, 2, 3, … with no gaps.
 */
seq: number, 
/**
 * The hash of the entry before (64 zeros before the first).
 */
prev: string, 
/**
 * SHA-256 over every field above, in hex.
 */
hash: string, at: string, 
/**
 * The profile or login.
 */
who: string, action: AuditAction, 
/**
 * The kind of record (`project`, `input`, `member`, …), empty when none.
 */
kind: string, record: string | null, 
/**
 * The words and filters of a search, the kind of an export, …
 */
detail: string, };

export type BrokenLink = { 
/**
 * The entry at which the chain no longer holds (its position's seq, as stored).
 */
seq: number, why: BreakKind, };

export type BreakKind = "changed" | "missing";

export type AuditFilter = { 
/**
 * Who: the profile or login, as written in the entries.
 */
who: string | null, 
/**
 * Which record (its id).
 */
record: string | null, action: AuditAction | null, 
/**
 * From and to this day (inclusive), `YYYY-MM-DD`.
 */
from: string | null, to: string | null, };

export type AuditPage = { entries: Array<AuditEntry>, total: number, people: Array<string>, };

export type AuditCheck = { entries: number, 
/**
 * The first entry's number (entries before it went by the retention rule).
 */
first: number | null, broken: BrokenLink | null, };

export type Settings = { language: Language, user_name: string, 
/**
 * A point awaiting an answer for more days than this is overdue.
 */
overdue_days: number, 
/**
 * An encrypted embedded database locks itself after this many minutes without use
 * (no key pressed, no mouse moved in the window).
 */
lock_minutes: number, 
/**
 * The audit log keeps an entry this many months, then removes it (from the start).
 */
audit_months: number, 
/**
 * The profiles of the embedded database (empty: one person, who may do everything).
 * Changed only through `service::people`, never through the settings form.
 */
people: Array<Person>, 
/**
 * What was erased at people's request, by id: applied again to any older backup
 * restored or export imported. Changed only through `service::rights`.
 */
erasures: Erasures, 
/**
 * How long people's data is kept (`domain::keeping`).
 */
retention: RetentionRules, 
/**
 * Honoraria and transport rates, each from a date (`domain::payout`). Changed only
 * through `service::payouts`.
 */
rates: Array<RatePeriod>, };

export type WorkKind = "preparation" | "meeting" | "workshop" | "sparring" | "writing";

export type TimeEntry = { id: string, version: number, project_id: string, date: string, kind: WorkKind, minutes: number, note: string, 
/**
 * Whose time it is: the profile or login that registered it.
 */
by: string, 
/**
 * Registered by mistake: kept, counted nowhere.
 */
removed: boolean, created_at: string, updated_at: string, };

export type TimeInput = { project_id: string, date: string, kind: WorkKind, 
/**
 * Hours: `1,5`, `1.5`, `1:30`, `0:45`.
 */
hours: string, note: string, };

export type ImpactKind = "change" | "meaning";

export type ImpactEntry = { id: string, version: number, project_id: string, kind: ImpactKind, date: string, text: string, 
/**
 * Who the words are from, described without a name ("medlem af Peer-boardet",
 * "pårørende i workshoppen"); only for `meaning`.
 */
who: string, 
/**
 * The person agreed that their words are kept and quoted (required for `meaning`).
 */
consent: boolean, 
/**
 * The feedback points that led to the change.
 */
points: Array<string>, 
/**
 * The input that led to the change.
 */
inputs: Array<string>, recorded_by: string, created_at: string, updated_at: string, };

export type ImpactInput = { kind: ImpactKind, date: string, text: string, who: string, consent: boolean, points: Array<string>, inputs: Array<string>, };

export type MaterialKind = "leaflet" | "poster" | "web_text" | "video";

export type Place = "welcome_area" | "ward" | "web";

export type MaterialStatus = "in_use" | "under_revision" | "withdrawn";

export type MaterialEventKind = "registered" | "new_version" | "reviewed" | "status_changed" | "changed";

export type MaterialEvent = { kind: MaterialEventKind, date: string, 
/**
 * The version after it.
 */
version_label: string, status: MaterialStatus, note: string, by: string, at: string, };

export type Material = { id: string, version: number, title: string, kind: MaterialKind, owner_unit: string, 
/**
 * The material's own version ("3.1", "marts 2026").
 */
version_label: string, languages: Array<string>, places: Array<Place>, 
/**
 * The Peer-board or patients took part in making it.
 */
co_created: boolean, 
/**
 * The project it was made in.
 */
project_id: string | null, last_reviewed: string | null, next_review: string, status: MaterialStatus, 
/**
 * Oldest first.
 */
history: Array<MaterialEvent>, created_at: string, updated_at: string, };

export type MaterialInput = { title: string, kind: MaterialKind, owner_unit: string, version_label: string, languages: Array<string>, places: Array<Place>, co_created: boolean, project_id: string | null, last_reviewed: string | null, next_review: string, status: MaterialStatus, };

export type ReviewInput = { date: string, next_review: string, 
/**
 * Empty: the version stays.
 */
version_label: string, note: string, };

export type ReviewDue = "overdue" | "soon" | "later" | "not_in_use";

export type KindMinutes = { kind: WorkKind, minutes: number, };

export type ProjectHours = { project_id: string, title: string, by_kind: Array<KindMinutes>, minutes: number, };

export type HoursSummary = { projects: Array<ProjectHours>, by_kind: Array<KindMinutes>, minutes: number, };

export type EntryView = { entry: TimeEntry, project_title: string, };

export type HoursQuery = { from: string, to: string, project_id: string | null, };

export type HoursView = { entries: Array<EntryView>, summary: HoursSummary, 
/**
 * Everyone's hours are shown (else only the person's own).
 */
everyone: boolean, 
/**
 * The active projects, to register hours on.
 */
projects: Array<ProjectTitle>, };

export type Link = { id: string, source: InputSource, date: string, text: string, };

export type ImpactView = { entry: ImpactEntry, links: Array<Link>, };

export type MaterialQuery = { places: Array<Place>, statuses: Array<MaterialStatus>, 
/**
 * Only those overdue or due within 30 days (the figure on Oversigt opens this).
 */
due_only: boolean, };

export type MaterialRow = { material: Material, due: ReviewDue, project_title: string | null, };

export type DueMaterial = { id: string, title: string, next_review: string, overdue: boolean, };

export type ReviewFigures = { overdue: number, soon: number, first: Array<DueMaterial>, };

export type ProjectImpact = { project_id: string, project_title: string, entries: Array<ImpactEntry>, };

export type ClaimKind = "km" | "ticket" | "workshop" | "teaching";

export type LineKind = "meeting" | "workshop" | "teaching" | "km" | "ticket";

export type PayoutStatus = "approved" | "sent" | "withdrawn";

export type RatePeriod = { from: string, 
/**
 * Honorarium per Peer-board meeting attended.
 */
meeting: number, 
/**
 * Honorarium per workshop.
 */
workshop: number, 
/**
 * Honorarium per teaching session.
 */
teaching: number, 
/**
 * Transport per kilometre.
 */
km: number, };

export type RateInput = { from: string, meeting: string, workshop: string, teaching: string, km: string, };

export type Claim = { id: string, version: number, member_id: string, date: string, kind: ClaimKind, 
/**
 * Kilometres in tenths (a `Km` claim; 0 otherwise).
 */
km_tenths: number, 
/**
 * The amount paid (a `Ticket` claim; 0 otherwise).
 */
amount: number, note: string, 
/**
 * A claim withdrawn is kept, and pays nothing (a correction when it was paid).
 */
withdrawn: boolean, 
/**
 * Who registered it (the profile or login).
 */
by: string, created_at: string, updated_at: string, };

export type ClaimInput = { member_id: string, date: string, kind: ClaimKind, 
/**
 * Kilometres (`37,5`), for a `km` claim.
 */
km: string, 
/**
 * Kroner (`125,00`), for a `ticket` claim.
 */
amount: string, note: string, };

export type PayoutLine = { member_id: string, 
/**
 * What the line pays for: the meeting attended (a `meeting` line) or the claim. The
 * lines of one item — the first and its corrections — share it and the member.
 */
item: string, 
/**
 * The item's date.
 */
date: string, kind: LineKind, 
/**
 * Tenths of a kilometre for `km`, else 1.
 */
quantity: number, 
/**
 * The rate (per km for `km`; the amount for a ticket).
 */
unit: number, amount: number, 
/**
 * A correction of an item of an earlier period, or of one already in a list.
 */
correction: boolean, 
/**
 * The claim's note (a ticket's route); empty for a meeting.
 */
note: string, };

export type PayoutList = { id: string, version: number, from: string, to: string, status: PayoutStatus, lines: Array<PayoutLine>, approved_by: string, approved_at: string, sent_by: string, sent_at: string | null, created_at: string, updated_at: string, };

export type Totals = { honoraria: number, reimbursements: number, total: number, };

export type ClaimView = { claim: Claim, member: string, 
/**
 * What it pays now (0 for a withdrawn claim, a workshop without a rate, or one by a
 * member who declines honoraria); only for those who may see payouts (a peer
 * consultant registers claims but sees no one's payouts).
 */
amount: number | null, };

export type MemberPart = { member_id: string, member: string, initials: string, lines: Array<PayoutLine>, totals: Totals, };

export type PayoutDraft = { from: string, to: string, members: Array<MemberPart>, totals: Totals, 
/**
 * What the draft holds, summed up: approval checks that it did not change since.
 */
stamp: string, 
/**
 * A list (not withdrawn) whose period shares a day with this one: no list can be
 * made for it.
 */
overlaps: string | null, 
/**
 * Whether any rate is saved at all.
 */
has_rates: boolean, };

export type ListSummary = { id: string, version: number, from: string, to: string, status: PayoutStatus, members: number, total: number, approved_by: string, approved_at: string, sent_at: string | null, };

export type ListView = { list: ListSummary, members: Array<MemberPart>, totals: Totals, };

export type MemberYear = { member_id: string, member: string, initials: string, totals: Totals, 
/**
 * Meetings, workshops and teaching sessions paid for (on balance, over the year).
 */
sessions: number, 
/**
 * Kilometres paid for, in tenths (each trip as last corrected).
 */
km_tenths: number, };

export type YearTotals = { year: number, members: Array<MemberYear>, totals: Totals, 
/**
 * Lists of the year approved but not yet sent (not in the totals).
 */
unsent: number, };

export type Period = { from: string, to: string, };

export type Erasures = { members: Array<ErasedMember>, 
/**
 * Inputs whose contributor reference was erased.
 */
contributors: Array<string>, redactions: Array<Redaction>, };

export type ErasedMember = { id: string, number: number, at: string, };

export type Redaction = { input_id: string, reason: string, at: string, };

export type ContributorErasure = { reference: string, redact: boolean, reason: string, };

export type ContributorErased = { 
/**
 * The inputs that had the reference.
 */
inputs: Array<string>, 
/**
 * Of those, redacted.
 */
redacted: number, };

export type Subject = { "kind": "member", id: string, } | { "kind": "contributor", reference: string, } | { "kind": "person", name: string, };

export type SoonErased = { on: string, kind: DueKind, project_title: string | null, count: number, };

export type DueKind = "contributor_reference" | "input_text" | "member_contact";

export type RetentionRules = { contributor_months: number | null, input_text_years: number | null, member_contact_months: number | null, };

export type RetentionRun = { contributors: number, texts: number, members: number, };

export type ConsentWithdrawn = { input: Input, earlier: Array<SavedReport> | null, };

export type SavedReport = { at: string, 
/**
 * `we_asked`, `gripp2` or `year_report`.
 */
report: string, path: string, };

export type AccessReport = { title: string, made_at: string, sections: Array<Section>, };

export type Section = { heading: string, facts: Array<Fact>, };

export type Fact = { label: string, value: string, record: string | null, };

export type AppStatus = { 
/**
 * Why the database could not be opened; `None` when it is open.
 */
error: ErrorPayload | null, data_dir: string | null, version: string, 
/**
 * How many demo projects `--demo` added at this start.
 */
demo_added: number, 
/**
 * Team mode: the shared database's address (host, port, database, user; never a
 * password). `None`: the local database.
 */
shared: string | null, 
/**
 * Who is signed in (`None`: no profiles yet; a person without roles: a profile must
 * be chosen from `profiles`).
 */
person: Person | null, 
/**
 * The profiles to choose from at start (embedded database), when one must be chosen.
 */
profiles: Array<Person>, 
/**
 * The commands the signed-in person may call (the UI hides the rest); all of them
 * while the database is not open.
 */
allowed_commands: Array<string>, 
/**
 * Whether reports and exports with personal data are allowed.
 */
may_export_personal: boolean, 
/**
 * Whether the embedded database is encrypted (it can be locked, passphrases changed).
 */
encrypted: boolean, 
/**
 * While the encrypted database waits for a passphrase (`auth.locked`): the profiles
 * to sign in as, and the demo database's passphrase.
 */
sign_in: SignInScreen | null, 
/**
 * The end-to-end tests' short idle time before the lock (`--test-lock-seconds`).
 */
test_lock_seconds: number | null, };

export type SharedProfile = { 
/**
 * A host name (TLS, the certificate must name it) or a Unix socket folder (`/…`).
 */
host: string, port: number, database: string, user: string, 
/**
 * A file with the authority that signed the server's certificate, when the system
 * does not trust it already (empty: the system's).
 */
root_certificate: string, 
/**
 * Whether Samskab starts on the shared database (false: the local one).
 */
in_use: boolean, };

export type ConnectionTest = { server_version: string, user: string, 
/**
 * The server's schema version and this program's.
 */
schema: number, schema_expected: number, };

export type KindCheck = { kind: string, count: number, count_there: number, checksum: string, checksum_there: string, };

export type MoveReport = { 
/**
 * The shared database already held exactly these records (a second run): nothing
 * was written.
 */
already_there: boolean, kinds: Array<KindCheck>, };

export type LiveEvent = { "kind": "changed", table: string, id: string, } | { "kind": "connection", online: boolean, };

export type LivedExperience = "patient" | "relative" | "both";

export type Honoraria = "accepted" | "declined";

export type Member = { id: string, version: number, name: string, initials: string, lived_experience: LivedExperience, email: string, phone: string, joined: string | null, left: string | null, honoraria: Honoraria, 
/**
 * The day the member last went from declining honoraria to accepting them: what they
 * attended before it is not paid (`domain::payout`). `None`: accepting all along.
 */
honoraria_since?: string | null, notes: string, created_at: string, updated_at: string, };

export type MemberInput = { name: string, 
/**
 * Empty: made from the name.
 */
initials: string, lived_experience: LivedExperience, email: string, phone: string, joined: string | null, left: string | null, honoraria: Honoraria, notes: string, };

export type MeetingStatus = "planned" | "held" | "cancelled";

export type Meeting = { id: string, version: number, date: string, time: string, place: string, online: boolean, status: MeetingStatus, 
/**
 * Consultations to discuss, in agenda order.
 */
agenda: Array<string>, 
/**
 * Answered feedback points to report back at this meeting, in order.
 */
report_back: Array<string>, 
/**
 * Members who attended.
 */
attendance: Array<string>, minutes: string, created_at: string, updated_at: string, };

export type MeetingInput = { 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * `HH:MM`.
 */
time: string, place: string, online: boolean, };

export type ConsultationStatus = "requested" | "scheduled" | "discussed" | "answered" | "reported_back";

export type Consultation = { id: string, version: number, project_id: string, 
/**
 * The requester's questions to the board.
 */
questions: string, 
/**
 * The material shown, described in text.
 */
material: string, links: Array<string>, 
/**
 * Who presents the case at the meeting.
 */
presenter: string, 
/**
 * The meeting it is on; `None` while requested.
 */
meeting_id: string | null, created_at: string, updated_at: string, };

export type ConsultationInput = { questions: string, material: string, links: Array<string>, presenter: string, };

export type AnswerStatus = "adopted" | "partly_adopted" | "not_adopted" | "not_relevant";

export type ReportChannel = "meeting" | "letter" | "newsletter" | "in_person";

export type LoopStatus = "awaiting" | "answered" | "reported_back";

export type Answer = { status: AnswerStatus, text: string, 
/**
 * Required when the point was not adopted.
 */
reason: string, 
/**
 * Who answered (the requester).
 */
by: string, 
/**
 * When the answer was given.
 */
date: string, recorded_at: string, };

export type AnswerInput = { status: AnswerStatus, text: string, reason: string, by: string, 
/**
 * `YYYY-MM-DD`; empty means today.
 */
date: string | null, };

export type ReportedBack = { channel: ReportChannel, 
/**
 * The meeting it was reported at, for the board.
 */
meeting_id: string | null, date: string, recorded_at: string, };

export type FeedbackLoop = { answer: Answer | null, reported_back: ReportedBack | null, };

export type FeedbackPoint = { id: string, version: number, consultation_id: string, project_id: string, 
/**
 * The meeting the point was given at.
 */
meeting_id: string | null, 
/**
 * The day the point was given; the overdue count starts here.
 */
given_on: string, text: string, themes: Array<string>, loop: FeedbackLoop, recorded_by: string, created_at: string, updated_at: string, };

export type FeedbackInput = { text: string, themes: Array<string>, };

export type MeetingRef = { id: string, date: string, status: MeetingStatus, };

export type PointView = { point: FeedbackPoint, status: LoopStatus, overdue: boolean, given_at: MeetingRef | null, reported_at: MeetingRef | null, };

export type ConsultationView = { consultation: Consultation, status: ConsultationStatus, project_title: string, meeting: MeetingRef | null, points: Array<PointView>, };

export type ReportBackItem = { view: PointView, project_title: string, 
/**
 * The planned meeting whose report-back list it is on, if any.
 */
planned_at: MeetingRef | null, };

export type MeetingSummary = { meeting: Meeting, agenda_count: number, attendance_count: number, };

export type MeetingDetail = { meeting: Meeting, agenda: Array<ConsultationView>, report_back: Array<PointView>, 
/**
 * Everyone who can be marked as attending: active members and anyone who attended.
 */
members: Array<Member>, };

export type BoardOverview = { 
/**
 * Planned meetings, soonest first.
 */
upcoming: Array<MeetingSummary>, 
/**
 * Held and cancelled meetings, latest first: the latest [`PAST_SHOWN`], or all when
 * asked for.
 */
past: Array<MeetingSummary>, 
/**
 * How many meetings were held or cancelled in all.
 */
past_total: number, 
/**
 * Consultations waiting for a meeting.
 */
requested: Array<ConsultationView>, to_report_back: Array<ReportBackItem>, active_members: Array<Member>, former_members: Array<Member>, };

export type ExportFormat = "markdown" | "html";

export type ContributorGroup = "patients" | "relatives" | "staff" | "other";

export type Channel = "workshop" | "focus_group" | "interview" | "survey" | "comment_card" | "mail_phone" | "other";

export type ActivityKind = "workshop" | "focus_group" | "interview_round" | "survey" | "comment_cards" | "other";

export type InputSource = "board" | "patients" | "relatives" | "staff" | "other";

export type Activity = { id: string, version: number, project_id: string, kind: ActivityKind, date: string, patients: number, relatives: number, peers: number, staff: number, description: string, created_at: string, updated_at: string, };

export type ActivityInput = { kind: ActivityKind, date: string, patients: number, relatives: number, peers: number, staff: number, description: string, };

export type Input = { id: string, version: number, project_id: string, activity_id: string | null, group: ContributorGroup, channel: Channel, 
/**
 * The day the input was given; the overdue count starts here.
 */
date: string, text: string, themes: Array<string>, 
/**
 * Consent: the text may be quoted in reports.
 */
may_quote: boolean, 
/**
 * Whether a contributor reference is kept (in its own tree).
 */
has_contributor: boolean, loop: FeedbackLoop, recorded_by: string, created_at: string, updated_at: string, };

export type InputInput = { project_id: string, activity_id: string | null, group: ContributorGroup, channel: Channel, 
/**
 * `YYYY-MM-DD`.
 */
date: string, text: string, themes: Array<string>, may_quote: boolean, 
/**
 * Optional; kept apart from the text, never exported.
 */
contributor: string, };

export type InputQuery = { 
/**
 * Every word must occur in the text or themes (case-insensitive, æ, ø, å included).
 */
text: string, project_id: string | null, sources: Array<InputSource>, 
/**
 * One theme, matched case-insensitively.
 */
theme: string, statuses: Array<LoopStatus>, 
/**
 * Answered with one of these (the figures "answered" and "adopted" open this list).
 */
answers: Array<AnswerStatus>, overdue_only: boolean, from: string | null, to: string | null, 
/**
 * At most this many items are returned (newest first); 0 means 500.
 */
limit: number, };

export type InputItem = { id: string, version: number, source: InputSource, project_id: string, project_title: string, date: string, text: string, themes: Array<string>, 
/**
 * Consent to quote (board feedback is the board's own statement and may be quoted).
 */
may_quote: boolean, status: LoopStatus, overdue: boolean, answer: Answer | null, reported_back: ReportedBack | null, };

export type InputHits = { 
/**
 * How many pass, counted up to [`crate::store::inputs::COUNT_LIMIT`] (or the
 * query's limit, if larger).
 */
total: number, 
/**
 * More than `total` pass: counting stopped there.
 */
capped: boolean, items: Array<InputItem>, };

export type ThemeCount = { theme: string, count: number, };

export type Said = { source: InputSource, 
/**
 * The words, only when they may be quoted; otherwise `None`.
 */
quote: string | null, answer_status: AnswerStatus | null, answer_text: string | null, reported_back: boolean, };

export type ThemeSection = { theme: string, said: Array<Said>, };

export type WeAskedReport = { project_title: string, 
/**
 * Questions to the board and descriptions of activities.
 */
asked: Array<string>, themes: Array<ThemeSection>, total: number, answered: number, adopted: number, };

export type PhaseCount = { phase: Phase, count: number, };

export type SourceCount = { source: InputSource, count: number, };

export type YearFigures = { year: number, meetings_held: number, 
/**
 * Consultations discussed at meetings held in the year.
 */
consultations: number, 
/**
 * Board points and input given in the year, by source.
 */
inputs_by_source: Array<SourceCount>, inputs: number, answered: number, 
/**
 * Answered (or reported back) of all given in the year, 0–1; `None` when none given.
 */
share_answered: number | null, 
/**
 * Median days from given to answered, over those answered; `None` when none answered.
 */
median_days_to_answer: number | null, 
/**
 * Adopted fully or partly, of those answered, 0–1.
 */
share_adopted: number | null, };

export type Overview = { 
/**
 * Active (not archived) projects by phase, in phase order, phases without projects included.
 */
projects_by_phase: Array<PhaseCount>, awaiting_answer: number, overdue: number, answered_not_reported: number, 
/**
 * The first few planned meetings, soonest first ([`UPCOMING_SHOWN`]).
 */
upcoming_meetings: Array<MeetingSummary>, 
/**
 * How many meetings are planned in all (the Peer-board lists them all).
 */
planned_meetings: number, consultations_waiting: number, year: YearFigures, 
/**
 * What the retention rules will erase in the next 14 days (*Det her slettes snart*),
 * as their last daily run found it.
 */
soon: Array<SoonErased>, 
/**
 * Information material whose review is overdue or due within 30 days.
 */
reviews: ReviewFigures, 
/**
 * Hours registered this year, per project and per kind of work.
 */
hours: HoursSummary, };

export type JobProgress = { done: number, total: number, };

export type ExperienceCount = { lived_experience: LivedExperience, count: number, };

export type MemberAttendance = { name: string, attended: number, };

export type MembersYear = { 
/**
 * On the board at some day of the year.
 */
active: number, joined: number, left: number, by_experience: Array<ExperienceCount>, 
/**
 * Attendances at held meetings, summed over the meetings.
 */
attendances: number, 
/**
 * Average attendance per held meeting; `None` when none was held.
 */
average_attendance: number | null, 
/**
 * By name, most attendances first; empty unless names were asked for.
 */
people: Array<MemberAttendance>, };

export type Participants = { activities: number, patients: number, relatives: number, peers: number, staff: number, };

export type ProjectLine = { id: string, title: string, date: string, };

export type Change = { source: InputSource, 
/**
 * What was said, only when it may be quoted.
 */
said: string | null, status: AnswerStatus, answer: string, date: string, };

export type ProjectChanges = { project_id: string, project_title: string, changes: Array<Change>, };

export type YearReport = { year: number, figures: YearFigures, members: MembersYear, participants: Participants, 
/**
 * Projects whose start date (or, without one, creation) falls in the year.
 */
started: Array<ProjectLine>, 
/**
 * Projects closed now whose last change to "closed" falls in the year.
 */
closed: Array<ProjectLine>, 
/**
 * Adopted points and inputs answered in the year, by project (title order).
 */
changed: Array<ProjectChanges>, 
/**
 * Hours registered in the year, per project and per kind of work.
 */
hours: HoursSummary, 
/**
 * The year's impact log entries, by project (title order), oldest first.
 */
impact: Array<ProjectImpact>, 
/**
 * Names of members are included.
 */
personal: boolean, };

export type Gripp2 = { aim: string, methods: string, results: string, outcomes: string, reflections: string, };

export type Gripp2Draft = { project_title: string, current: Gripp2, filled: Gripp2, 
/**
 * `current` is the person's edited text, not the filled one.
 */
edited: boolean, };

export type ExportKind = "projects" | "consultations" | "inputs" | "meetings" | "hours" | "materials";

export type SheetFormat = "csv" | "xlsx";

export type FileMode = "save" | "open" | "folder";

export type KindCount = { kind: string, count: number, };

export type BackupInfo = { file_name: string, path: string, created_at: string, size_bytes: number, 
/**
 * Read back and checked against the database it was taken from.
 */
verified: boolean, 
/**
 * Records per kind (`projects`, `inputs`, …), in the format's order.
 */
counts: Array<KindCount>, newest_change: string | null, };

export type BackupFolder = { folder: string, is_default: boolean, };

export type Backups = { folder: BackupFolder, backups: Array<BackupInfo>, 
/**
 * No verified backup for a day while data changed (the Oversigt shows a warning).
 */
warning: boolean, last_verified: string | null, 
/**
 * Why the backup folder could not be read, if it could not.
 */
folder_error: ErrorPayload | null, };

export type Restored = { 
/**
 * The backup taken of the database just before it was replaced, if it had one.
 */
safety_backup: BackupInfo | null, 
/**
 * Where the replaced (or damaged) data folder was moved, when it was kept.
 */
moved_aside: string | null, };

export type Part = { 
/**
 * `projects`, `inputs`, … (see docs/export-format.md).
 */
kind: string, 
/**
 * The part's file in the zip: `<kind>.jsonl`.
 */
file: string, count: number, 
/**
 * SHA-256 of the part's bytes, lower-case hex.
 */
sha256: string, };

export type Manifest = { format: string, format_version: number, schema_version: number, app_version: string, created_at: string, 
/**
 * The newest change in the data (`updated_at` of the newest record), if any.
 */
newest_change: string | null, parts: Array<Part>, };
