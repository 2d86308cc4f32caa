//! Demo data: realistic Danish sample projects for a new user (`--demo`).

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

/// Fills an empty database with the sample projects and their timelines. Does nothing when
/// the database already holds projects. Returns how many projects it added.
pub fn fill(store: &Store) -> AppResult<usize> {
    if !store.is_empty() {
        return Ok(0);
    }
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
    }
    Ok(SAMPLES.len())
}
