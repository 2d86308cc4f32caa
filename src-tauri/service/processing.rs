//! The record of processing activities (GDPR art. 30, issue 12): a document generated from
//! the settings and the database as they are — who is registered and what about them, why,
//! who has access (the roles and the profiles that have them), the retention rules in
//! force, where the data and its backups are, and the security measures in use — for the
//! unit's data protection coordinator, printable and saved as HTML.

use chrono::{DateTime, Utc};

use super::access_report::{document_html, AccessReport, Fact, Section};
use crate::domain::error::AppResult;
use crate::domain::retention::{KEEP_DAYS, KEEP_NEWEST, KEEP_WEEKS};
use crate::domain::roles::{allows, Access, Role};
use crate::store::Store;

/// Where the data lives and how it is protected, as the app knows it.
pub struct Setting {
    /// The embedded database's folder, or the shared database's address.
    pub data: String,
    pub shared: bool,
    pub backups: String,
    pub encrypted: bool,
}

fn fact(label: &str, value: impl Into<String>) -> Fact {
    Fact {
        label: label.to_owned(),
        value: value.into(),
        record: None,
    }
}

fn section(heading: &str, facts: Vec<Fact>) -> Section {
    Section {
        heading: heading.to_owned(),
        facts,
    }
}

fn role_da(r: Role) -> &'static str {
    match r {
        Role::Consultant => "Samskabelseskonsulent",
        Role::Peer => "Peer-konsulent",
        Role::Manager => "Leder",
        Role::Administrator => "Administrator",
    }
}

/// What a role may do with personal data, in words.
fn may_da(r: Role) -> String {
    let reads: Vec<&str> = [
        (Access::ReadMembers, "medlemmernes kontaktoplysninger"),
        (Access::ReadInputs, "input og bidragyderreferencer"),
        (Access::ReadBoard, "Peer-boardets møder og feedback"),
        (
            Access::ExportPersonal,
            "rapporter og eksport med personoplysninger",
        ),
        (
            Access::Backups,
            "sikkerhedskopier, gendannelse og hele databasen",
        ),
        (Access::People, "profiler og adgangsfraser"),
        (Access::AuditLog, "revisionsloggen"),
    ]
    .into_iter()
    .filter(|(a, _)| allows(r, *a))
    .map(|(_, what)| what)
    .collect();
    if reads.is_empty() {
        "ingen personoplysninger; kun tal og rapporter uden personoplysninger".to_owned()
    } else {
        reads.join(", ")
    }
}

/// The record of processing as the database and the settings are now.
pub fn build(store: &Store, setting: &Setting, now: DateTime<Utc>) -> AppResult<AccessReport> {
    store.require(Access::Settings)?;
    let settings = store.settings()?;
    let mut sections = vec![
        section(
            "Den dataansvarlige",
            vec![
                fact(
                    "Dataansvarlig",
                    "Regionen, som enheden for brugerinddragelse hører under (udfyldes af enheden).",
                ),
                fact(
                    "Databeskyttelsesrådgiver",
                    "Regionens databeskyttelsesrådgiver (udfyldes af enheden).",
                ),
            ],
        ),
        section(
            "Formål",
            vec![fact(
                "Brugerinddragelse",
                "At registrere de projekter, klinikken bringer til enheden; at indhente feedback fra \
                 Peer-boardet og input fra patienter og pårørende; at sikre, at hvert punkt får et svar og \
                 meldes tilbage; at rapportere om inddragelsen til ledelse og i årsrapporten.",
            )],
        ),
        section(
            "Registrerede og oplysninger",
            vec![
                fact(
                    "Peer-boardets medlemmer",
                    "Navn, initialer, e-mail, telefon, noter, ind- og udtrædelse, valg af honorar og \
                     levet erfaring som patient eller pårørende (helbredsoplysning, art. 9), fremmøde, \
                     og til udbetaling: kørsel, billetter, workshops og undervisning samt \
                     udbetalingslister med beløb (ingen CPR-numre; beløbene gemmes efter \
                     bogføringsreglerne, også når navnet er slettet).",
                ),
                fact(
                    "Patienter og pårørende, der giver input",
                    "Hvad de sagde (kan rumme helbredsoplysninger, art. 9), gruppe, dato, samtykke til \
                     citat og — kun hvis de ønsker svar — en bidragyderreference, som holdes adskilt fra \
                     inputtet.",
                ),
                fact(
                    "Medarbejdere",
                    "Navn og roller (profiler og logins), kontaktpersoner på projekter, hvem der har \
                     registreret og besvaret hvad, timer brugt på projekterne, og revisionsloggens \
                     oplysninger om brug af data.",
                ),
            ],
        ),
    ];
    let mut access = Vec::new();
    for role in Role::ALL.iter().copied() {
        let who: Vec<&str> = settings
            .people
            .iter()
            .filter(|p| p.roles.contains(&role))
            .map(|p| p.name.as_str())
            .collect();
        let holders = if setting.shared {
            "logins i databasens gruppe for rollen".to_owned()
        } else if who.is_empty() {
            "ingen profiler".to_owned()
        } else {
            who.join(", ")
        };
        access.push(fact(
            role_da(role),
            format!("Må se: {}. Har rollen: {holders}.", may_da(role)),
        ));
    }
    sections.push(section("Hvem har adgang", access));
    sections.push(section(
        "Opbevaring og sletning",
        vec![
            fact(
                "Revisionsloggen",
                format!(
                    "Hver indgang gemmes i {} måneder og slettes derefter fra begyndelsen.",
                    settings.audit_months
                ),
            ),
            fact(
                "Sikkerhedskopier",
                format!(
                    "De {KEEP_NEWEST} nyeste, én pr. dag i {KEEP_DAYS} dage og én pr. uge i \
                     {KEEP_WEEKS} uger; ældre slettes."
                ),
            ),
            fact(
                "Sletning efter anmodning",
                format!(
                    "Slettet indtil nu: {} medlemmer og {} input's bidragyderreferencer ({} tekster \
                     fjernet). Sletningerne gælder også, når en ældre sikkerhedskopi gendannes.",
                    settings.erasures.members.len(),
                    settings.erasures.contributors.len(),
                    settings.erasures.redactions.len()
                ),
            ),
        ],
    ));
    sections.push(section(
        "Hvor data ligger",
        vec![
            fact(
                if setting.shared {
                    "Fælles database"
                } else {
                    "Database på denne computer"
                },
                setting.data.clone(),
            ),
            fact("Sikkerhedskopier", setting.backups.clone()),
        ],
    ));
    let mut security = vec![
        fact(
            "Rollebaseret adgang",
            "Hver person har en profil (eller et login) med roller; hver handling kontrolleres mod \
             rollen, før den udføres.",
        ),
        fact(
            "Revisionslog",
            "Hver læsning, søgning, ændring, sletning, eksport, udskrift, sikkerhedskopi, \
             gendannelse og hvert login skrives i loggen, kædet med SHA-256, så en ændret eller \
             fjernet indgang kan findes (Kontrollér loggen).",
        ),
    ];
    if setting.shared {
        security.push(fact(
            "Fælles database",
            "PostgreSQL med en databaserolle pr. rolle; loggen skrives kun af serveren.",
        ));
    } else if setting.encrypted {
        security.push(fact(
            "Kryptering",
            format!(
                "Alt, der gemmes, er krypteret (XChaCha20-Poly1305); adgangsfraser og \
                 gendannelsesnøgle beskytter nøglen med Argon2id; sikkerhedskopier er krypteret \
                 (age). Samskab låser sig efter {} minutter uden brug.",
                settings.lock_minutes
            ),
        ));
    } else {
        security.push(fact(
            "Kryptering",
            "IKKE krypteret: databasen på denne computer er ikke krypteret. Kryptér den under \
             Indstillinger → Kryptering.",
        ));
    }
    sections.push(section("Sikkerhedsforanstaltninger", security));
    Ok(AccessReport {
        title: "Fortegnelse over behandlingsaktiviteter (art. 30): Samskab".into(),
        made_at: now,
        sections,
    })
}

/// The document as a printable page.
pub fn html(r: &AccessReport) -> String {
    document_html(
        r,
        "Lavet af Samskab ud fra de indstillinger og data, der gælder nu.",
    )
}
