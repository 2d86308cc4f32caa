//! People and roles: who may do what. The one table of it is [`allows`]; every command is
//! classified by the kind of use it is ([`Access`], `commands::access`), and the service
//! layer refuses a command whose kind of use no role of the signed-in person allows
//! (`forbidden.role`), on both stores.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::choice::choice_enum;
use super::error::{AppError, FieldError, Rule};
use super::text::checked;
use super::Id;

choice_enum! {
    /// A role in the unit.
    Role {
        /// Samskabelseskonsulent: all the work of the unit.
        Consultant = "consultant",
        /// Peer-konsulent: the Peer-board — meetings, attendance, recording feedback,
        /// reading consultations and answers. No contributor references, no members'
        /// contact details.
        Peer = "peer",
        /// Leder: reads projects, Oversigt, reports and exports without personal data;
        /// changes nothing.
        Manager = "manager",
        /// Administrator: people and roles, settings, backups.
        Administrator = "administrator",
    }
}

/// A kind of use, as far as permission goes. Each command is one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Access {
    /// Always allowed: the app's status, signing in, choosing a profile, a file, cancelling.
    Open,
    ReadProjects,
    EditProjects,
    /// Meetings, consultations, feedback points and their answers.
    ReadBoard,
    /// Planning meetings, their agenda, minutes, held/cancelled, report-back lists.
    RunMeetings,
    RecordAttendance,
    /// Recording and editing feedback points (and their drafts).
    RecordFeedback,
    RequestConsultations,
    /// Answering points and input, and reporting back input.
    AnswerFeedback,
    /// The Peer-board's members with their contact details.
    ReadMembers,
    EditMembers,
    /// Input from patients, relatives and others; activities; themes.
    ReadInputs,
    CaptureInputs,
    /// Oversigt, the year report and project reports without personal data.
    ReadReports,
    /// The GRIPP2 draft.
    EditReports,
    /// Saving reports and exports without personal data.
    ExportReports,
    /// Reports and exports with personal data (names, contributor references).
    ExportPersonal,
    Settings,
    /// Backups, restore, whole-database export and import, moving data to the shared
    /// database.
    Backups,
    /// Profiles (on the embedded database) and their roles.
    People,
    /// The audit log: read it, check it, export it (the administrator).
    AuditLog,
    /// Payout drafts and lists, their export, and members' year totals.
    Payouts,
    /// Members' claims: trips, tickets, workshops, teaching.
    RecordClaims,
    /// Registering one's own hours, and seeing them.
    RecordHours,
    /// Seeing and correcting everyone's hours.
    AllHours,
}

impl Access {
    pub const ALL: [Access; 25] = [
        Access::Open,
        Access::ReadProjects,
        Access::EditProjects,
        Access::ReadBoard,
        Access::RunMeetings,
        Access::RecordAttendance,
        Access::RecordFeedback,
        Access::RequestConsultations,
        Access::AnswerFeedback,
        Access::ReadMembers,
        Access::EditMembers,
        Access::ReadInputs,
        Access::CaptureInputs,
        Access::ReadReports,
        Access::EditReports,
        Access::ExportReports,
        Access::ExportPersonal,
        Access::Settings,
        Access::Backups,
        Access::People,
        Access::AuditLog,
        Access::Payouts,
        Access::RecordClaims,
        Access::RecordHours,
        Access::AllHours,
    ];
}

/// The table: whether `role` may do `access`.
pub fn allows(role: Role, access: Access) -> bool {
    use Access::*;
    match role {
        Role::Consultant => !matches!(access, Backups | People | AuditLog),
        Role::Peer => matches!(
            access,
            Open | ReadBoard
                | RunMeetings
                | RecordAttendance
                | RecordFeedback
                | RecordClaims
                | RecordHours
        ),
        Role::Manager => matches!(access, Open | ReadProjects | ReadReports | ExportReports),
        Role::Administrator => matches!(access, Open | Settings | Backups | People | AuditLog),
    }
}

/// Whether any of `roles` may do `access`.
pub fn any_allows(roles: &[Role], access: Access) -> bool {
    access == Access::Open || roles.iter().any(|r| allows(*r, access))
}

pub const NAME_MAX: usize = 100;

/// A person who uses Samskab: a profile on the embedded database, or a login on the
/// shared one (its name is the login, its roles its group roles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Person {
    pub id: Id,
    pub name: String,
    pub roles: Vec<Role>,
}

impl Person {
    /// No one yet: profiles exist and none is chosen. Has no role, so only what is open
    /// to all is allowed.
    pub fn nobody() -> Person {
        Person {
            id: Id::nil(),
            name: String::new(),
            roles: Vec::new(),
        }
    }
}

/// A profile as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PersonInput {
    pub name: String,
    pub roles: Vec<String>,
    /// The new profile's passphrase, on an encrypted database (required there when a
    /// profile is added; unused when one is edited).
    #[serde(default)]
    #[ts(optional)]
    pub passphrase: Option<String>,
}

impl PersonInput {
    /// Checks a profile: a name (unique among `others`), at least one role.
    pub fn validated(&self, others: &[Person]) -> Result<(String, Vec<Role>), AppError> {
        let mut errors = Vec::new();
        let name = checked("name", &self.name, true, NAME_MAX, &mut errors);
        if !name.is_empty()
            && others
                .iter()
                .any(|p| p.name.to_lowercase() == name.to_lowercase())
        {
            errors.push(FieldError::new("name", Rule::Duplicate));
        }
        let mut roles = Vec::new();
        for r in &self.roles {
            match Role::parse(r.trim()) {
                Some(role) if !roles.contains(&role) => roles.push(role),
                Some(_) => {}
                None => errors.push(FieldError::new("roles", Rule::InvalidChoice)),
            }
        }
        if self.roles.is_empty() {
            errors.push(FieldError::new("roles", Rule::Required));
        }
        roles.sort();
        if errors.is_empty() {
            Ok((name, roles))
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

/// The denial of `access` to `person`.
pub fn forbidden(person: &Person, access: Access) -> AppError {
    AppError::Forbidden {
        role: person
            .roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(","),
        action: format!("{access:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_does_what_the_issue_says_and_nothing_more() {
        let may = |role: Role| -> Vec<Access> {
            Access::ALL
                .into_iter()
                .filter(|a| allows(role, *a))
                .collect()
        };
        assert_eq!(may(Role::Consultant).len(), Access::ALL.len() - 3);
        assert!(!allows(Role::Consultant, Access::People));
        assert!(!allows(Role::Consultant, Access::AuditLog));
        assert_eq!(
            may(Role::Peer),
            [
                Access::Open,
                Access::ReadBoard,
                Access::RunMeetings,
                Access::RecordAttendance,
                Access::RecordFeedback,
                Access::RecordClaims,
                Access::RecordHours
            ]
        );
        assert!(allows(Role::Consultant, Access::AllHours));
        assert!(!allows(Role::Peer, Access::AllHours));
        // Payouts are the consultant's: a peer consultant registers claims, never sees a
        // payout list; a manager sees neither.
        assert!(allows(Role::Consultant, Access::Payouts));
        assert!(!allows(Role::Peer, Access::Payouts));
        assert!(!allows(Role::Manager, Access::Payouts));
        assert!(!allows(Role::Manager, Access::RecordClaims));
        assert_eq!(
            may(Role::Manager),
            [
                Access::Open,
                Access::ReadProjects,
                Access::ReadReports,
                Access::ExportReports
            ]
        );
        assert_eq!(
            may(Role::Administrator),
            [
                Access::Open,
                Access::Settings,
                Access::Backups,
                Access::People,
                Access::AuditLog
            ]
        );
        assert!(any_allows(&[], Access::Open));
        assert!(!any_allows(&[], Access::ReadProjects));
    }

    #[test]
    fn a_profile_needs_a_unique_name_and_a_known_role() {
        let others = vec![Person {
            id: crate::domain::new_id(),
            name: "Louise Bach".into(),
            roles: vec![Role::Consultant],
        }];
        let err = PersonInput {
            name: "louise bach".into(),
            roles: vec!["chef".into()],
            passphrase: None,
        }
        .validated(&others)
        .expect_err("bad");
        let AppError::Validation(fields) = err else {
            panic!("validation")
        };
        assert_eq!(
            fields.iter().map(FieldError::code).collect::<Vec<_>>(),
            [
                "validation.name.duplicate",
                "validation.roles.invalid_choice"
            ]
        );
        let (name, roles) = PersonInput {
            name: " Ali ".into(),
            roles: vec!["peer".into(), "consultant".into(), "peer".into()],
            passphrase: None,
        }
        .validated(&others)
        .expect("valid");
        assert_eq!(name, "Ali");
        assert_eq!(roles, [Role::Consultant, Role::Peer]);
    }
}
