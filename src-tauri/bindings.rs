//! The TypeScript types of everything that crosses the IPC boundary, generated from the Rust
//! types by ts-rs into one file, `ui/src/lib/api/types.ts`. The integration test
//! `bindings::generated_file_is_current` fails when that file is stale; run the tests with
//! `UPDATE_BINDINGS=1` to rewrite it.

use ts_rs::{Config, TS};

use crate::commands::app::AppStatus;
use crate::commands::data::{Backups, FileMode};
use crate::commands::overview::JobProgress;
use crate::domain::audit::{AuditAction, AuditEntry, BreakKind, BrokenLink};
use crate::domain::auth::{
    DemoHint, EncryptInput, FirstProfile, FirstProfileInput, PassphraseChange, ProfileName,
    RecoveryInput, RecoveryRestoreInput, SignInScreen,
};
use crate::domain::consultation::{Consultation, ConsultationInput, ConsultationStatus};
use crate::domain::erasure::{ErasedMember, Erasures, Redaction};
use crate::domain::error::{ErrorPayload, FieldError, Rule};
use crate::domain::feedback::{FeedbackInput, FeedbackPoint};
use crate::domain::feedback_loop::{
    Answer, AnswerInput, AnswerStatus, FeedbackLoop, LoopStatus, ReportChannel, ReportedBack,
};
use crate::domain::input::{
    Activity, ActivityInput, ActivityKind, Channel, ContributorGroup, Input, InputInput,
    InputQuery, InputSource,
};
use crate::domain::meeting::{Meeting, MeetingInput, MeetingStatus};
use crate::domain::member::{Honoraria, LivedExperience, Member, MemberInput};
use crate::domain::project::{
    InvolvementLevel, Phase, PhaseChange, Project, ProjectDetail, ProjectInput, ProjectKind,
    TargetGroup,
};
use crate::domain::query::{ArchiveFilter, ProjectPage, ProjectQuery, ProjectSort, ProjectTitle};
use crate::domain::roles::{Person, PersonInput, Role};
use crate::domain::settings::{Language, Settings};
use crate::domain::team::SharedProfile;
use crate::service::access_report::{AccessReport, Fact, Section, Subject};
use crate::service::archive::{Manifest, Part};
use crate::service::audit::{AuditCheck, AuditFilter, AuditPage};
use crate::service::backup::{BackupFolder, BackupInfo, KindCount};
use crate::service::board::compiled::ExportFormat;
use crate::service::board::views::{
    BoardOverview, ConsultationView, MeetingDetail, MeetingRef, MeetingSummary, PointView,
    ReportBackItem,
};
use crate::service::database::Restored;
use crate::service::export::{ExportKind, SheetFormat};
use crate::service::gripp2::{Gripp2, Gripp2Draft};
use crate::service::inputs::{InputHits, InputItem, ThemeCount};
use crate::service::live::LiveEvent;
use crate::service::overview::{Overview, PhaseCount, SourceCount, YearFigures};
use crate::service::report::{Said, ThemeSection, WeAskedReport};
use crate::service::rights::{
    ConsentWithdrawn, ContributorErased, ContributorErasure, SavedReport,
};
use crate::service::team::{ConnectionTest, KindCheck, MoveReport};
use crate::service::year_report::{
    Change, ExperienceCount, MemberAttendance, MembersYear, Participants, ProjectChanges,
    ProjectLine, YearReport,
};

/// Path of the generated file, relative to the repository root.
pub const PATH: &str = "ui/src/lib/api/types.ts";

fn decl<T: TS>(cfg: &Config) -> String {
    format!("export {}\n", T::decl(cfg))
}

/// The whole generated file.
pub fn typescript() -> String {
    let cfg = Config::new();
    let decls = [
        decl::<Rule>(&cfg),
        decl::<FieldError>(&cfg),
        decl::<ErrorPayload>(&cfg),
        decl::<ProjectKind>(&cfg),
        decl::<Phase>(&cfg),
        decl::<InvolvementLevel>(&cfg),
        decl::<TargetGroup>(&cfg),
        decl::<Project>(&cfg),
        decl::<ProjectInput>(&cfg),
        decl::<PhaseChange>(&cfg),
        decl::<ProjectDetail>(&cfg),
        decl::<ArchiveFilter>(&cfg),
        decl::<ProjectSort>(&cfg),
        decl::<ProjectQuery>(&cfg),
        decl::<ProjectPage>(&cfg),
        decl::<ProjectTitle>(&cfg),
        decl::<Language>(&cfg),
        decl::<Role>(&cfg),
        decl::<Person>(&cfg),
        decl::<PersonInput>(&cfg),
        decl::<FirstProfileInput>(&cfg),
        decl::<FirstProfile>(&cfg),
        decl::<RecoveryInput>(&cfg),
        decl::<RecoveryRestoreInput>(&cfg),
        decl::<PassphraseChange>(&cfg),
        decl::<ProfileName>(&cfg),
        decl::<SignInScreen>(&cfg),
        decl::<DemoHint>(&cfg),
        decl::<EncryptInput>(&cfg),
        decl::<AuditAction>(&cfg),
        decl::<AuditEntry>(&cfg),
        decl::<BrokenLink>(&cfg),
        decl::<BreakKind>(&cfg),
        decl::<AuditFilter>(&cfg),
        decl::<AuditPage>(&cfg),
        decl::<AuditCheck>(&cfg),
        decl::<Settings>(&cfg),
        decl::<crate::domain::hours::WorkKind>(&cfg),
        decl::<crate::domain::hours::TimeEntry>(&cfg),
        decl::<crate::domain::hours::TimeInput>(&cfg),
        decl::<crate::domain::impact::ImpactKind>(&cfg),
        decl::<crate::domain::impact::ImpactEntry>(&cfg),
        decl::<crate::domain::impact::ImpactInput>(&cfg),
        decl::<crate::domain::material::MaterialKind>(&cfg),
        decl::<crate::domain::material::Place>(&cfg),
        decl::<crate::domain::material::MaterialStatus>(&cfg),
        decl::<crate::domain::material::MaterialEventKind>(&cfg),
        decl::<crate::domain::material::MaterialEvent>(&cfg),
        decl::<crate::domain::material::Material>(&cfg),
        decl::<crate::domain::material::MaterialInput>(&cfg),
        decl::<crate::domain::material::ReviewInput>(&cfg),
        decl::<crate::domain::material::ReviewDue>(&cfg),
        decl::<crate::service::hours::KindMinutes>(&cfg),
        decl::<crate::service::hours::ProjectHours>(&cfg),
        decl::<crate::service::hours::HoursSummary>(&cfg),
        decl::<crate::service::hours::EntryView>(&cfg),
        decl::<crate::service::hours::HoursQuery>(&cfg),
        decl::<crate::service::hours::HoursView>(&cfg),
        decl::<crate::service::impact::Link>(&cfg),
        decl::<crate::service::impact::ImpactView>(&cfg),
        decl::<crate::service::materials::MaterialQuery>(&cfg),
        decl::<crate::service::materials::MaterialRow>(&cfg),
        decl::<crate::service::materials::DueMaterial>(&cfg),
        decl::<crate::service::materials::ReviewFigures>(&cfg),
        decl::<crate::service::year_report::ProjectImpact>(&cfg),
        decl::<crate::domain::payout::ClaimKind>(&cfg),
        decl::<crate::domain::payout::LineKind>(&cfg),
        decl::<crate::domain::payout::PayoutStatus>(&cfg),
        decl::<crate::domain::payout::RatePeriod>(&cfg),
        decl::<crate::domain::payout::RateInput>(&cfg),
        decl::<crate::domain::payout::Claim>(&cfg),
        decl::<crate::domain::payout::ClaimInput>(&cfg),
        decl::<crate::domain::payout::PayoutLine>(&cfg),
        decl::<crate::domain::payout::PayoutList>(&cfg),
        decl::<crate::domain::payout::Totals>(&cfg),
        decl::<crate::service::payouts::ClaimView>(&cfg),
        decl::<crate::service::payouts::MemberPart>(&cfg),
        decl::<crate::service::payouts::PayoutDraft>(&cfg),
        decl::<crate::service::payouts::ListSummary>(&cfg),
        decl::<crate::service::payouts::ListView>(&cfg),
        decl::<crate::service::payouts::MemberYear>(&cfg),
        decl::<crate::service::payouts::YearTotals>(&cfg),
        decl::<crate::service::payouts::Period>(&cfg),
        decl::<Erasures>(&cfg),
        decl::<ErasedMember>(&cfg),
        decl::<Redaction>(&cfg),
        decl::<ContributorErasure>(&cfg),
        decl::<ContributorErased>(&cfg),
        decl::<Subject>(&cfg),
        decl::<crate::service::overview::SoonErased>(&cfg),
        decl::<crate::domain::keeping::DueKind>(&cfg),
        decl::<crate::domain::keeping::RetentionRules>(&cfg),
        decl::<crate::service::rights::RetentionRun>(&cfg),
        decl::<ConsentWithdrawn>(&cfg),
        decl::<SavedReport>(&cfg),
        decl::<AccessReport>(&cfg),
        decl::<Section>(&cfg),
        decl::<Fact>(&cfg),
        decl::<AppStatus>(&cfg),
        decl::<SharedProfile>(&cfg),
        decl::<ConnectionTest>(&cfg),
        decl::<KindCheck>(&cfg),
        decl::<MoveReport>(&cfg),
        decl::<LiveEvent>(&cfg),
        decl::<LivedExperience>(&cfg),
        decl::<Honoraria>(&cfg),
        decl::<Member>(&cfg),
        decl::<MemberInput>(&cfg),
        decl::<MeetingStatus>(&cfg),
        decl::<Meeting>(&cfg),
        decl::<MeetingInput>(&cfg),
        decl::<ConsultationStatus>(&cfg),
        decl::<Consultation>(&cfg),
        decl::<ConsultationInput>(&cfg),
        decl::<AnswerStatus>(&cfg),
        decl::<ReportChannel>(&cfg),
        decl::<LoopStatus>(&cfg),
        decl::<Answer>(&cfg),
        decl::<AnswerInput>(&cfg),
        decl::<ReportedBack>(&cfg),
        decl::<FeedbackLoop>(&cfg),
        decl::<FeedbackPoint>(&cfg),
        decl::<FeedbackInput>(&cfg),
        decl::<MeetingRef>(&cfg),
        decl::<PointView>(&cfg),
        decl::<ConsultationView>(&cfg),
        decl::<ReportBackItem>(&cfg),
        decl::<MeetingSummary>(&cfg),
        decl::<MeetingDetail>(&cfg),
        decl::<BoardOverview>(&cfg),
        decl::<ExportFormat>(&cfg),
        decl::<ContributorGroup>(&cfg),
        decl::<Channel>(&cfg),
        decl::<ActivityKind>(&cfg),
        decl::<InputSource>(&cfg),
        decl::<Activity>(&cfg),
        decl::<ActivityInput>(&cfg),
        decl::<Input>(&cfg),
        decl::<InputInput>(&cfg),
        decl::<InputQuery>(&cfg),
        decl::<InputItem>(&cfg),
        decl::<InputHits>(&cfg),
        decl::<ThemeCount>(&cfg),
        decl::<Said>(&cfg),
        decl::<ThemeSection>(&cfg),
        decl::<WeAskedReport>(&cfg),
        decl::<PhaseCount>(&cfg),
        decl::<SourceCount>(&cfg),
        decl::<YearFigures>(&cfg),
        decl::<Overview>(&cfg),
        decl::<JobProgress>(&cfg),
        decl::<ExperienceCount>(&cfg),
        decl::<MemberAttendance>(&cfg),
        decl::<MembersYear>(&cfg),
        decl::<Participants>(&cfg),
        decl::<ProjectLine>(&cfg),
        decl::<Change>(&cfg),
        decl::<ProjectChanges>(&cfg),
        decl::<YearReport>(&cfg),
        decl::<Gripp2>(&cfg),
        decl::<Gripp2Draft>(&cfg),
        decl::<ExportKind>(&cfg),
        decl::<SheetFormat>(&cfg),
        decl::<FileMode>(&cfg),
        decl::<KindCount>(&cfg),
        decl::<BackupInfo>(&cfg),
        decl::<BackupFolder>(&cfg),
        decl::<Backups>(&cfg),
        decl::<Restored>(&cfg),
        decl::<Part>(&cfg),
        decl::<Manifest>(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by ts-rs (src-tauri/bindings.rs). Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test --test it bindings` to regenerate.\n\n",
    );
    out.push_str(&decls.join("\n"));
    out
}
