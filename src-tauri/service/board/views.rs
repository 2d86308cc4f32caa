//! What the Peer-board screens show: records put together, with the consultation status
//! and overdue derived on the way, never stored.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::consultation::{consultation_status, Consultation, ConsultationStatus};
use crate::domain::error::AppResult;
use crate::domain::feedback::FeedbackPoint;
use crate::domain::feedback_loop::LoopStatus;
use crate::domain::meeting::{Meeting, MeetingStatus};
use crate::domain::member::Member;
use crate::domain::Id;
use crate::store::{Store, Table};

/// A meeting named by its date.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MeetingRef {
    pub id: Id,
    pub date: NaiveDate,
    pub status: MeetingStatus,
}

/// A point with its whole history: given at, answered (in the point), reported back at.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PointView {
    pub point: FeedbackPoint,
    pub status: LoopStatus,
    pub overdue: bool,
    pub given_at: Option<MeetingRef>,
    pub reported_at: Option<MeetingRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ConsultationView {
    pub consultation: Consultation,
    pub status: ConsultationStatus,
    pub project_title: String,
    pub meeting: Option<MeetingRef>,
    pub points: Vec<PointView>,
}

/// An answered point waiting to be reported back, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReportBackItem {
    pub view: PointView,
    pub project_title: String,
    /// The planned meeting whose report-back list it is on, if any.
    pub planned_at: Option<MeetingRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MeetingSummary {
    pub meeting: Meeting,
    #[ts(type = "number")]
    pub agenda_count: usize,
    #[ts(type = "number")]
    pub attendance_count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MeetingDetail {
    pub meeting: Meeting,
    pub agenda: Vec<ConsultationView>,
    pub report_back: Vec<PointView>,
    /// Everyone who can be marked as attending: active members and anyone who attended.
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BoardOverview {
    /// Planned meetings, soonest first.
    pub upcoming: Vec<MeetingSummary>,
    /// Held and cancelled meetings, latest first.
    pub past: Vec<MeetingSummary>,
    /// Consultations waiting for a meeting.
    pub requested: Vec<ConsultationView>,
    pub to_report_back: Vec<ReportBackItem>,
    pub active_members: Vec<Member>,
    pub former_members: Vec<Member>,
}

/// Reads meetings once per view, however many points refer to them.
struct Meetings<'a> {
    store: &'a Store,
    cache: HashMap<Id, MeetingRef>,
}

impl<'a> Meetings<'a> {
    fn new(store: &'a Store) -> Self {
        Meetings {
            store,
            cache: HashMap::new(),
        }
    }

    fn get(&mut self, id: Option<Id>) -> AppResult<Option<MeetingRef>> {
        let Some(id) = id else { return Ok(None) };
        if let Some(r) = self.cache.get(&id) {
            return Ok(Some(r.clone()));
        }
        let m: Meeting = self.store.get(id)?;
        let r = MeetingRef {
            id,
            date: m.date,
            status: m.status,
        };
        self.cache.insert(id, r.clone());
        Ok(Some(r))
    }
}

fn point_view(
    p: FeedbackPoint,
    meetings: &mut Meetings,
    today: NaiveDate,
    days: u32,
) -> AppResult<PointView> {
    Ok(PointView {
        status: p.status(),
        overdue: p.is_overdue(today, days),
        given_at: meetings.get(p.meeting_id)?,
        reported_at: meetings.get(
            p.feedback_loop
                .reported_back
                .as_ref()
                .and_then(|r| r.meeting_id),
        )?,
        point: p,
    })
}

/// Every member, their contact details (e-mail, phone, notes) left out for a person whose
/// roles may not read them (a peer consultant): the same on both stores.
fn visible_members(store: &Store) -> AppResult<Vec<Member>> {
    let mut members = store.all::<Member>()?;
    if !store.may(crate::domain::roles::Access::ReadMembers) {
        for m in &mut members {
            m.email.clear();
            m.phone.clear();
            m.notes.clear();
        }
    }
    Ok(members)
}

fn project_title(store: &Store, id: Id) -> AppResult<String> {
    Ok(store.project_title(id)?.unwrap_or_default())
}

fn planned_meetings(store: &Store) -> AppResult<Vec<Meeting>> {
    store.get_many(&store.marked(Table::PlannedMeetings)?)
}

fn consultation_view(
    store: &Store,
    c: Consultation,
    meetings: &mut Meetings,
    today: NaiveDate,
    days: u32,
) -> AppResult<ConsultationView> {
    let ids = store.linked(Table::ConsultationPoints, c.id)?;
    let points = store
        .get_many::<FeedbackPoint>(&ids)?
        .into_iter()
        .map(|p| point_view(p, meetings, today, days))
        .collect::<AppResult<Vec<_>>>()?;
    let meeting = meetings.get(c.meeting_id)?;
    Ok(ConsultationView {
        status: consultation_status(
            meeting.as_ref().map(|m| m.status),
            points.iter().map(|p| &p.point.feedback_loop),
        ),
        project_title: project_title(store, c.project_id)?,
        meeting,
        points,
        consultation: c,
    })
}

fn overdue_days(store: &Store) -> AppResult<u32> {
    Ok(store.settings()?.overdue_days)
}

/// One consultation with its points.
pub fn consultation(store: &Store, id: Id, today: NaiveDate) -> AppResult<ConsultationView> {
    let days = overdue_days(store)?;
    consultation_view(
        store,
        store.get(id)?,
        &mut Meetings::new(store),
        today,
        days,
    )
}

/// A project's consultations, oldest first, with their points and answers.
pub fn project_consultations(
    store: &Store,
    project_id: Id,
    today: NaiveDate,
) -> AppResult<Vec<ConsultationView>> {
    store.project(project_id)?;
    let days = overdue_days(store)?;
    let mut meetings = Meetings::new(store);
    let ids = store.linked(Table::ProjectConsultations, project_id)?;
    store
        .get_many::<Consultation>(&ids)?
        .into_iter()
        .map(|c| consultation_view(store, c, &mut meetings, today, days))
        .collect()
}

/// A meeting's page: its agenda with points, its report-back list, and the members.
pub fn meeting(store: &Store, id: Id, today: NaiveDate) -> AppResult<MeetingDetail> {
    let days = overdue_days(store)?;
    let meeting: Meeting = store.get(id)?;
    let mut meetings = Meetings::new(store);
    let agenda = store
        .get_many::<Consultation>(&meeting.agenda)?
        .into_iter()
        .map(|c| consultation_view(store, c, &mut meetings, today, days))
        .collect::<AppResult<Vec<_>>>()?;
    let report_back = store
        .get_many::<FeedbackPoint>(&meeting.report_back)?
        .into_iter()
        .map(|p| point_view(p, &mut meetings, today, days))
        .collect::<AppResult<Vec<_>>>()?;
    let members = visible_members(store)?
        .into_iter()
        .filter(|m| m.is_active(meeting.date) || meeting.attendance.contains(&m.id))
        .collect();
    Ok(MeetingDetail {
        meeting,
        agenda,
        report_back,
        members,
    })
}

/// Answered points not yet reported back, oldest first, each with the planned meeting it
/// is on (if any).
pub fn to_report_back(store: &Store, today: NaiveDate) -> AppResult<Vec<ReportBackItem>> {
    let days = overdue_days(store)?;
    let ids = store.marked(Table::ToReportBack)?;
    let planned: HashMap<Id, MeetingRef> = planned_meetings(store)?
        .into_iter()
        .flat_map(|m| {
            let r = MeetingRef {
                id: m.id,
                date: m.date,
                status: m.status,
            };
            m.report_back.into_iter().map(move |p| (p, r.clone()))
        })
        .collect();
    let mut meetings = Meetings::new(store);
    store
        .get_many::<FeedbackPoint>(&ids)?
        .into_iter()
        .map(|p| {
            let planned_at = planned.get(&p.id).cloned();
            let project_title = project_title(store, p.project_id)?;
            Ok(ReportBackItem {
                view: point_view(p, &mut meetings, today, days)?,
                project_title,
                planned_at,
            })
        })
        .collect()
}

/// The Peer-board section: meetings, requested consultations, report-back list, members.
pub fn overview(store: &Store, today: NaiveDate) -> AppResult<BoardOverview> {
    let days = overdue_days(store)?;
    let summary = |m: Meeting| MeetingSummary {
        agenda_count: m.agenda.len(),
        attendance_count: m.attendance.len(),
        meeting: m,
    };
    let mut upcoming: Vec<_> = planned_meetings(store)?.into_iter().map(summary).collect();
    let mut past: Vec<_> = store
        .all::<Meeting>()?
        .into_iter()
        .filter(|m| m.status != MeetingStatus::Planned)
        .map(summary)
        .collect();
    upcoming.sort_by_key(|s| (s.meeting.date, s.meeting.time));
    past.sort_by_key(|s| std::cmp::Reverse((s.meeting.date, s.meeting.time)));
    let mut meetings = Meetings::new(store);
    let requested = store
        .get_many::<Consultation>(&store.marked(Table::RequestedConsultations)?)?
        .into_iter()
        .map(|c| consultation_view(store, c, &mut meetings, today, days))
        .collect::<AppResult<Vec<_>>>()?;
    let (active_members, former_members) = visible_members(store)?
        .into_iter()
        .partition(|m| m.is_active(today));
    Ok(BoardOverview {
        upcoming,
        past,
        requested,
        to_report_back: to_report_back(store, today)?,
        active_members,
        former_members,
    })
}
