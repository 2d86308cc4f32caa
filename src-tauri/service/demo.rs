//! Demo data for a new user (`--demo`): realistic Danish sample projects, a Peer-board at
//! work, and input from patients and relatives.

use crate::domain::error::AppResult;
use crate::domain::project::ProjectInput;
use crate::store::Store;

struct Sample {
    title: &'static str,
    summary: &'static str,
    kind: &'static str,
    unit: &'static str,
    contact: &'static str,
    consultant: &'static str,
    level: &'static str,
    groups: &'static [&'static str],
    start: &'static str,
    deadline: &'static str,
    tags: &'static [&'static str],
    /// Phases the project has passed through, the last being where it is now.
    phases: &'static [&'static str],
}

const SAMPLES: &[Sample] = &[
    Sample {
        title: "Ny velkomstpjece til Afsnit for Psykoser",
        summary: "Pjecen, patienter og pårørende får ved indlæggelse, skal skrives om, så den svarer på det, de selv spørger om den første dag.",
        kind: "information_material",
        unit: "Afsnit P3, Psykoser",
        contact: "Mette Kjær, afdelingssygeplejerske",
        consultant: "Louise Bach",
        level: "involve",
        groups: &["patients", "relatives"],
        start: "2026-09-01",
        deadline: "2026-12-15",
        tags: &["pjece", "indlæggelse"],
        phases: &["idea", "preparation", "involvement"],
    },
    Sample {
        title: "Pårørendesamtale inden udskrivelse",
        summary: "Et fast tilbud om en samtale med pårørende, før en patient udskrives. Hvornår, hvordan, og hvem tager initiativet?",
        kind: "workflow",
        unit: "Psykiatrisk Afdeling Aalborg",
        contact: "Jens Holm, overlæge",
        consultant: "Louise Bach",
        level: "collaborate",
        groups: &["relatives"],
        start: "2026-06-01",
        deadline: "2027-02-01",
        tags: &["udskrivelse", "pårørende"],
        phases: &["idea", "preparation", "involvement", "implementation"],
    },
    Sample {
        title: "Peer-støtte i skadestuen om natten",
        summary: "Forsøg med peer-medarbejdere i den psykiatriske skadestue fra kl. 22 til 06.",
        kind: "service",
        unit: "Psykiatrisk Skadestue",
        contact: "Anne Lund, ledende sygeplejerske",
        consultant: "Omar Haddad",
        level: "empower",
        groups: &["patients"],
        start: "2026-10-01",
        deadline: "2027-06-30",
        tags: &["peer", "akut"],
        phases: &["idea", "preparation"],
    },
    Sample {
        title: "Tekst til hjemmesiden om tvang",
        summary: "Forklaring i et klart sprog af, hvad tvang er, hvilke rettigheder man har, og hvor man kan klage.",
        kind: "information_material",
        unit: "Kommunikation, Psykiatrien",
        contact: "Sofie Winther",
        consultant: "Omar Haddad",
        level: "consult",
        groups: &["patients", "relatives"],
        start: "2026-03-01",
        deadline: "2026-05-01",
        tags: &["hjemmeside", "rettigheder"],
        phases: &["idea", "involvement", "implementation", "follow_up", "closed"],
    },
    Sample {
        title: "Temadag for pårørende til unge med spiseforstyrrelse",
        summary: "En lørdag med oplæg, erfaringsudveksling og mulighed for at tale med en behandler.",
        kind: "event",
        unit: "Børne- og Ungdomspsykiatrien",
        contact: "Karen Dahl, psykolog",
        consultant: "Louise Bach",
        level: "involve",
        groups: &["relatives"],
        start: "2026-11-01",
        deadline: "2027-03-14",
        tags: &["unge", "temadag"],
        phases: &["idea"],
    },
    Sample {
        title: "Ny visitationsproces til ambulant behandling",
        summary: "Ventetiden skal ned, og patienten skal vide, hvad der sker, mens de venter.",
        kind: "workflow",
        unit: "Ambulatorium for Angst og OCD",
        contact: "Peter Møller, klinikchef",
        consultant: "Omar Haddad",
        level: "consult",
        groups: &["patients"],
        start: "2026-04-15",
        deadline: "2026-10-01",
        tags: &["ventetid", "ambulant"],
        phases: &["idea", "preparation", "paused"],
    },
    Sample {
        title: "App til medicinpåmindelser",
        summary: "Ideen blev opgivet, fordi regionens eksisterende app dækker behovet.",
        kind: "other",
        unit: "Distriktspsykiatrien Hjørring",
        contact: "Lars Østergaard",
        consultant: "Louise Bach",
        level: "inform",
        groups: &["patients"],
        start: "2026-01-10",
        deadline: "",
        tags: &["medicin", "app"],
        phases: &["idea", "dropped"],
    },
    Sample {
        title: "Samtaleskema til første ambulante besøg",
        summary: "Et skema, patienten kan udfylde hjemme, så første samtale tager udgangspunkt i det, der fylder for dem.",
        kind: "information_material",
        unit: "Ambulatorium for Depression",
        contact: "Helle Skov, sygeplejerske",
        consultant: "Omar Haddad",
        level: "collaborate",
        groups: &["patients"],
        start: "2026-08-20",
        deadline: "2027-01-31",
        tags: &["skema", "ambulant"],
        phases: &["idea", "preparation", "involvement", "implementation", "follow_up"],
    },
];

/// Fills an empty database with the sample projects and their timelines, a Peer-board with
/// members and meetings (feedback given, answered and put up for report-back), and input
/// from patients and relatives. Does nothing when the database already holds projects.
/// Returns how many projects it added.
pub fn fill(store: &Store) -> AppResult<usize> {
    if !store.is_empty()? {
        return Ok(0);
    }
    let mut ids: Vec<crate::domain::Id> = Vec::new();
    for sample in SAMPLES {
        let input = ProjectInput {
            title: sample.title.into(),
            summary: sample.summary.into(),
            kind: sample.kind.into(),
            requester_unit: sample.unit.into(),
            requester_contact: sample.contact.into(),
            responsible_consultant: sample.consultant.into(),
            involvement_level: sample.level.into(),
            target_groups: sample.groups.iter().map(|g| (*g).into()).collect(),
            start_date: Some(sample.start.into()),
            deadline: Some(sample.deadline.into()),
            tags: sample.tags.iter().map(|t| (*t).into()).collect(),
        };
        let (first, rest) = sample.phases.split_first().unwrap_or((&"idea", &[]));
        let mut project = super::projects::create(store, &input, first)?;
        for phase in rest {
            project =
                super::projects::change_phase(store, project.id, project.version, phase)?.project;
        }
        ids.push(project.id);
    }
    fill_board_and_input(store, &ids)?;
    fill_work(store, &ids)?;
    Ok(SAMPLES.len())
}

/// The unit's own work in the demo: rates and a trip, hours, an impact entry on the
/// welcome leaflet, and three information materials (one overdue, one due soon).
fn fill_work(store: &Store, projects: &[crate::domain::Id]) -> AppResult<()> {
    use crate::domain::hours::TimeInput;
    use crate::domain::impact::ImpactInput;
    use crate::domain::material::MaterialInput;
    use crate::domain::member::Member;
    use crate::domain::payout::{ClaimInput, RateInput};

    let Some(leaflet) = projects.first() else {
        return Ok(());
    };
    let now = chrono::Utc::now();
    let year = chrono::Datelike::year(&super::board::today());
    super::payouts::save_rates(
        store,
        &[RateInput {
            from: format!("{year}-01-01"),
            meeting: "400,00".into(),
            workshop: "800,00".into(),
            teaching: "1.000,00".into(),
            km: "3,81".into(),
        }],
    )?;
    if let Some(anne) = store.all::<Member>()?.first() {
        super::payouts::add_claim(
            store,
            &ClaimInput {
                member_id: anne.id.to_string(),
                date: day(-21),
                kind: "km".into(),
                km: "42".into(),
                amount: String::new(),
                note: String::new(),
            },
            now,
        )?;
    }
    for (project, offset, kind, hours) in [
        (leaflet, -22, "preparation", "1,5"),
        (leaflet, -21, "meeting", "2"),
        (leaflet, -10, "writing", "3:30"),
    ] {
        super::hours::add(
            store,
            &TimeInput {
                project_id: project.to_string(),
                date: day(offset),
                kind: kind.into(),
                hours: hours.into(),
                note: String::new(),
            },
            now,
        )?;
    }
    super::impact::add(
        store,
        *leaflet,
        &ImpactInput {
            kind: "change".into(),
            date: day(-7),
            text: "Pjecen er skrevet om med kortere sætninger og et billede af stuen".into(),
            ..Default::default()
        },
        now,
    )?;
    super::impact::add(
        store,
        *leaflet,
        &ImpactInput {
            kind: "meaning".into(),
            date: day(-7),
            text: "Det er første gang, jeg har kunnet se, at det, jeg sagde, blev brugt".into(),
            who: "medlem af Peer-boardet".into(),
            consent: true,
            ..Default::default()
        },
        now,
    )?;
    for (title, kind, places, next, project) in [
        (
            "Velkommen til afsnittet",
            "leaflet",
            vec!["welcome_area", "ward"],
            12,
            Some(*leaflet),
        ),
        ("Husregler og besøgstider", "poster", vec!["ward"], -5, None),
        ("Når du skal udskrives", "web_text", vec!["web"], 200, None),
    ] {
        super::materials::add(
            store,
            &MaterialInput {
                title: title.into(),
                kind: kind.into(),
                owner_unit: "Afsnit P3, Psykiatrien Aalborg".into(),
                version_label: "1".into(),
                languages: vec!["dansk".into()],
                places: places.into_iter().map(str::to_owned).collect(),
                co_created: project.is_some(),
                project_id: project,
                last_reviewed: None,
                next_review: day(next),
                status: "in_use".into(),
            },
            now,
        )?;
    }
    Ok(())
}

fn day(offset: i64) -> String {
    (super::board::today() + chrono::Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// The board and input of the demo: on the welcome leaflet (0), the talk before discharge
/// (1) and the night-time peer support (2).
fn fill_board_and_input(store: &Store, projects: &[crate::domain::Id]) -> AppResult<()> {
    use super::board::{consultations, feedback, meetings, members};
    use crate::domain::consultation::ConsultationInput;
    use crate::domain::feedback::FeedbackInput;
    use crate::domain::feedback_loop::AnswerInput;
    use crate::domain::input::{ActivityInput, InputInput};
    use crate::domain::meeting::{Meeting, MeetingInput};
    use crate::domain::member::MemberInput;

    let (Some(leaflet), Some(talk), Some(night)) =
        (projects.first(), projects.get(1), projects.get(2))
    else {
        return Ok(());
    };
    let mut people = Vec::new();
    for (name, experience, honoraria) in [
        ("Anne Holm", "patient", "accepted"),
        ("Bo Ravn", "relative", "accepted"),
        ("Camilla Dam", "both", "declined"),
        ("Dorte Lind", "patient", "accepted"),
        ("Erik Mose", "relative", "accepted"),
    ] {
        people.push(members::add(
            store,
            &MemberInput {
                name: name.into(),
                lived_experience: experience.into(),
                honoraria: honoraria.into(),
                joined: Some(day(-400)),
                ..Default::default()
            },
        )?);
    }
    let ask = |project, questions: &str| {
        consultations::request(
            store,
            project,
            &ConsultationInput {
                questions: questions.into(),
                material: "Udkast vises på mødet".into(),
                presenter: "Rekvirenten".into(),
                ..Default::default()
            },
        )
    };
    let c1 = ask(
        *leaflet,
        "Er pjecen til at forstå, og mangler der noget, I selv ville have villet vide?",
    )?;
    let c2 = ask(
        *talk,
        "Hvornår i forløbet skal samtalen med pårørende ligge, og hvem skal tage initiativet?",
    )?;
    ask(
        *night,
        "Hvad skal en peer-medarbejder kunne tilbyde om natten?",
    )?;
    let plan = |offset: i64| {
        meetings::plan(
            store,
            &MeetingInput {
                date: day(offset),
                time: "16:00".into(),
                place: "Mødelokale 2, Psykiatrien Aalborg".into(),
                online: false,
            },
        )
    };
    let held = plan(-21)?.id;
    let version = |m| store.get::<Meeting>(m).map(|m| m.version);
    meetings::schedule(store, held, version(held)?, c1.id)?;
    meetings::schedule(store, held, version(held)?, c2.id)?;
    let present: Vec<_> = people.iter().take(4).map(|p| p.id).collect();
    meetings::set_attendance(store, held, version(held)?, &present)?;
    let mut points = Vec::new();
    for (c, text, theme) in [
        (c1.id, "Brug kortere sætninger og færre fagord", "sprog"),
        (
            c1.id,
            "Skriv telefontiden og hvem man ringer til øverst",
            "praktisk",
        ),
        (
            c1.id,
            "Et billede af afsnittet gør det mindre skræmmende",
            "tryghed",
        ),
        (
            c2.id,
            "Samtalen skal ligge mindst en uge før udskrivelse",
            "tidspunkt",
        ),
        (
            c2.id,
            "Pårørende skal selv kunne bede om samtalen",
            "pårørende",
        ),
    ] {
        points.push(feedback::record(
            store,
            c,
            &FeedbackInput {
                text: text.into(),
                themes: vec![theme.into()],
            },
        )?);
    }
    meetings::mark_held(store, held, version(held)?)?;
    let mut answered = Vec::new();
    for (point, status, reason) in [
        (&points[0], "adopted", ""),
        (&points[1], "adopted", ""),
        (
            &points[3],
            "not_adopted",
            "Udskrivelser planlægges ofte med få dages varsel",
        ),
        (&points[4], "partly_adopted", ""),
    ] {
        answered.push(
            feedback::answer(
                store,
                point.id,
                point.version,
                &AnswerInput {
                    status: status.into(),
                    text: "Svar fra rekvirenten".into(),
                    reason: reason.into(),
                    by: "Mette Kjær".into(),
                    date: Some(day(-7)),
                },
            )?
            .id,
        );
    }
    let next = plan(14)?.id;
    meetings::add_report_back(store, next, version(next)?, &answered)?;

    let workshop = super::inputs::add_activity(
        store,
        *leaflet,
        &ActivityInput {
            kind: "workshop".into(),
            date: day(-30),
            patients: 6,
            relatives: 4,
            peers: 2,
            staff: 3,
            description: "Workshop om pjecens sprog og billeder".into(),
        },
    )?;
    for (group, text, theme, quote) in [
        (
            "patients",
            "Jeg forstod ikke ordet 'tvangsforanstaltning'",
            "sprog",
            true,
        ),
        (
            "relatives",
            "Jeg vidste ikke, hvornår jeg måtte besøge min søn",
            "besøg",
            false,
        ),
        (
            "patients",
            "Det hjalp at se et billede af stuen",
            "tryghed",
            true,
        ),
        (
            "relatives",
            "Skriv, at man må ringe om natten",
            "praktisk",
            true,
        ),
        (
            "staff",
            "Pjecen skal kunne læses højt for patienten",
            "sprog",
            true,
        ),
        ("patients", "Kortere tekst, større skrift", "sprog", false),
    ] {
        super::inputs::capture(
            store,
            &InputInput {
                project_id: *leaflet,
                activity_id: Some(workshop.id),
                group: group.into(),
                channel: "workshop".into(),
                date: day(-30),
                text: text.into(),
                themes: vec![theme.into()],
                may_quote: quote,
                contributor: String::new(),
            },
        )?;
    }
    Ok(())
}
