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
    /// Held and cancelled meetings, latest first: the latest [`PAST_SHOWN`], or all when
    /// asked for.
    pub past: Vec<MeetingSummary>,
    /// How many meetings were held or cancelled in all.
    #[ts(type = "number")]
    pub past_total: usize,
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

    /// Keeps these meetings, already read, for the view.
    fn keep<'m>(&mut self, meetings: impl IntoIterator<Item = &'m Meeting>) {
        for m in meetings {
            self.cache.insert(m.id, meeting_ref(m));
        }
    }

    /// Reads the meetings these points were given at and reported back at, and the
    /// `others`, that are not kept yet, all in one read.
    fn load_for<'p>(
        &mut self,
        points: impl IntoIterator<Item = &'p FeedbackPoint>,
        others: impl IntoIterator<Item = Id>,
    ) -> AppResult<()> {
        let mut missing: Vec<Id> = points
            .into_iter()
            .flat_map(|p| {
                [
                    p.meeting_id,
                    p.feedback_loop
                        .reported_back
                        .as_ref()
                        .and_then(|r| r.meeting_id),
                ]
            })
            .flatten()
            .chain(others)
            .filter(|id| !self.cache.contains_key(id))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if !missing.is_empty() {
            let read: Vec<Meeting> = self.store.get_many(&missing)?;
            self.keep(&read);
        }
        Ok(())
    }

    fn get(&mut self, id: Option<Id>) -> AppResult<Option<MeetingRef>> {
        let Some(id) = id else { return Ok(None) };
        if let Some(r) = self.cache.get(&id) {
            return Ok(Some(r.clone()));
        }
        let m: Meeting = self.store.get(id)?;
        let r = meeting_ref(&m);
        self.cache.insert(id, r.clone());
        Ok(Some(r))
    }
}

fn meeting_ref(m: &Meeting) -> MeetingRef {
    MeetingRef {
        id: m.id,
        date: m.date,
        status: m.status,
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

fn planned_meetings(store: &Store) -> AppResult<Vec<Meeting>> {
    store.get_many(&store.marked(Table::PlannedMeetings)?)
}

fn consultation_view(
    c: Consultation,
    project_title: String,
    points: Vec<FeedbackPoint>,
    meetings: &mut Meetings,
    today: NaiveDate,
    days: u32,
) -> AppResult<ConsultationView> {
    let points = points
        .into_iter()
        .map(|p| point_view(p, meetings, today, days))
        .collect::<AppResult<Vec<_>>>()?;
    let meeting = meetings.get(c.meeting_id)?;
    Ok(ConsultationView {
        status: consultation_status(
            meeting.as_ref().map(|m| m.status),
            points.iter().map(|p| &p.point.feedback_loop),
        ),
        project_title,
        meeting,
        points,
        consultation: c,
    })
}

/// Consultations as views. Their points, the meetings those refer to and the project
/// titles are each read at once, however many consultations there are.
fn consultation_views(
    store: &Store,
    consultations: Vec<Consultation>,
    meetings: &mut Meetings,
    today: NaiveDate,
    days: u32,
) -> AppResult<Vec<ConsultationView>> {
    let ids: Vec<Id> = consultations.iter().map(|c| c.id).collect();
    let mut points = super::points_by_consultation(store, &ids)?;
    meetings.load_for(
        points.values().flatten(),
        consultations.iter().filter_map(|c| c.meeting_id),
    )?;
    let projects: Vec<Id> = consultations.iter().map(|c| c.project_id).collect();
    let titles = store.project_titles(&projects)?;
    consultations
        .into_iter()
        .map(|c| {
            let title = titles.get(&c.project_id).cloned().unwrap_or_default();
            let own = points.remove(&c.id).unwrap_or_default();
            consultation_view(c, title, own, meetings, today, days)
        })
        .collect()
}

fn overdue_days(store: &Store) -> AppResult<u32> {
    Ok(store.settings()?.overdue_days)
}

/// One consultation with its points.
pub fn consultation(store: &Store, id: Id, today: NaiveDate) -> AppResult<ConsultationView> {
    let days = overdue_days(store)?;
    let c: Consultation = store.get(id)?;
    consultation_views(store, vec![c], &mut Meetings::new(store), today, days)?
        .pop()
        .ok_or(crate::domain::error::AppError::NotFound {
            entity: <Consultation as crate::store::Versioned>::ENTITY,
        })
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
    consultation_views(store, store.get_many(&ids)?, &mut meetings, today, days)
}

/// A meeting's page: its agenda with points, its report-back list, and the members.
pub fn meeting(store: &Store, id: Id, today: NaiveDate) -> AppResult<MeetingDetail> {
    let days = overdue_days(store)?;
    let meeting: Meeting = store.get(id)?;
    let mut meetings = Meetings::new(store);
    meetings.keep([&meeting]);
    let agenda = consultation_views(
        store,
        store.get_many(&meeting.agenda)?,
        &mut meetings,
        today,
        days,
    )?;
    let report_back: Vec<FeedbackPoint> = store.get_many(&meeting.report_back)?;
    meetings.load_for(&report_back, [])?;
    let report_back = report_back
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
    let planned = planned_meetings(store)?;
    let mut meetings = Meetings::new(store);
    meetings.keep(&planned);
    report_back_items(store, &planned, &mut meetings, today, days)
}

/// [`to_report_back`] with the planned meetings already read. Points, their meetings and
/// their projects' titles are each read at once, however many points wait.
fn report_back_items(
    store: &Store,
    planned: &[Meeting],
    meetings: &mut Meetings,
    today: NaiveDate,
    days: u32,
) -> AppResult<Vec<ReportBackItem>> {
    let on_list: HashMap<Id, MeetingRef> = planned
        .iter()
        .flat_map(|m| {
            let r = meeting_ref(m);
            m.report_back.iter().map(move |p| (*p, r.clone()))
        })
        .collect();
    let points: Vec<FeedbackPoint> = store.get_many(&store.marked(Table::ToReportBack)?)?;
    meetings.load_for(&points, [])?;
    let projects: Vec<Id> = points.iter().map(|p| p.project_id).collect();
    let titles = store.project_titles(&projects)?;
    points
        .into_iter()
        .map(|p| {
            Ok(ReportBackItem {
                planned_at: on_list.get(&p.id).cloned(),
                project_title: titles.get(&p.project_id).cloned().unwrap_or_default(),
                view: point_view(p, meetings, today, days)?,
            })
        })
        .collect()
}

/// How many past meetings the Peer-board lists until all are asked for.
pub const PAST_SHOWN: usize = 12;

/// The Peer-board section: meetings, requested consultations, report-back list, members.
pub fn overview(store: &Store, today: NaiveDate) -> AppResult<BoardOverview> {
    overview_with(store, today, false)
}

/// [`overview`], with every past meeting when `all_past`.
pub fn overview_with(store: &Store, today: NaiveDate, all_past: bool) -> AppResult<BoardOverview> {
    let days = overdue_days(store)?;
    let planned = planned_meetings(store)?;
    let (past, past_total) =
        store.latest_past_meetings(if all_past { usize::MAX } else { PAST_SHOWN })?;
    let mut meetings = Meetings::new(store);
    meetings.keep(&planned);
    meetings.keep(&past);
    let requested = consultation_views(
        store,
        store.get_many(&store.marked(Table::RequestedConsultations)?)?,
        &mut meetings,
        today,
        days,
    )?;
    let to_report_back = report_back_items(store, &planned, &mut meetings, today, days)?;
    let summary = |m: Meeting| MeetingSummary {
        agenda_count: m.agenda.len(),
        attendance_count: m.attendance.len(),
        meeting: m,
    };
    let mut upcoming: Vec<_> = planned.into_iter().map(summary).collect();
    upcoming.sort_by_key(|s| (s.meeting.date, s.meeting.time));
    let past: Vec<_> = past.into_iter().map(summary).collect();
    let (active_members, former_members) = visible_members(store)?
        .into_iter()
        .partition(|m| m.is_active(today));
    Ok(BoardOverview {
        upcoming,
        past,
        past_total,
        requested,
        to_report_back,
        active_members,
        former_members,
    })
}
