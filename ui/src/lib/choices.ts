import type { ActivityKind, Channel, ContributorGroup, InputSource, LoopStatus, ReportChannel, AnswerStatus, ArchiveFilter, Honoraria, InvolvementLevel, Language, LivedExperience, Phase, ProjectKind, ProjectSort, TargetGroup } from "./api/types";

/** Fails to type-check unless `List` holds every member of `All`. */
type Complete<All, List extends readonly All[]> = [Exclude<All, List[number]>] extends [never] ? List : never;

function complete<All>() {
  return <const List extends readonly All[]>(list: Complete<All, List>): List => list;
}

/** Every choice in the order the lists show them (the Rust enums' order). */
export const PHASES = complete<Phase>()(["idea", "preparation", "involvement", "implementation", "follow_up", "closed", "paused", "dropped"]);
export const KINDS = complete<ProjectKind>()(["information_material", "workflow", "service", "event", "other"]);
export const LEVELS = complete<InvolvementLevel>()(["inform", "consult", "involve", "collaborate", "empower"]);
export const GROUPS = complete<TargetGroup>()(["patients", "relatives"]);
export const ARCHIVE_FILTERS = complete<ArchiveFilter>()(["active", "archived", "all"]);
export const SORTS = complete<ProjectSort>()(["deadline", "title", "updated"]);
export const LANGUAGES = complete<Language>()(["da", "en"]);
export const ANSWER_STATUSES = complete<AnswerStatus>()(["adopted", "partly_adopted", "not_adopted", "not_relevant"]);
export const EXPERIENCES = complete<LivedExperience>()(["patient", "relative", "both"]);
export const HONORARIA = complete<Honoraria>()(["accepted", "declined"]);
export const CONTRIBUTOR_GROUPS = complete<ContributorGroup>()(["patients", "relatives", "staff", "other"]);
export const CHANNELS = complete<Channel>()(["workshop", "focus_group", "interview", "survey", "comment_card", "mail_phone", "other"]);
export const ACTIVITY_KINDS = complete<ActivityKind>()(["workshop", "focus_group", "interview_round", "survey", "comment_cards", "other"]);
export const SOURCES = complete<InputSource>()(["board", "patients", "relatives", "staff", "other"]);
export const LOOP_STATUSES = complete<LoopStatus>()(["awaiting", "answered", "reported_back"]);
export const REPORT_CHANNELS = complete<ReportChannel>()(["meeting", "letter", "newsletter", "in_person"]);
