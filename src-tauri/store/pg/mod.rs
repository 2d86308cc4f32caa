//! The PostgreSQL store: team mode, where a unit shares one database on a server IT runs.
//!
//! It answers the same calls as the sled store with the same error codes, so the
//! services do not know which one they use ([`super::Store`]).
//!
//! - A table per kind of record (`migrations/`), named as the kind is in the export
//!   format ([`Kind::name`]): uuid id, version, typed columns for what a list, filter or
//!   search uses, the record itself as jsonb.
//! - The sled store's index trees are B-tree (partial) indexes on those columns here: the
//!   rows an index tree holds follow from the records (`Records::index_rows`), so the
//!   index writes of a commit need no rows of their own.
//! - A commit is one transaction. Each record is locked (`FOR UPDATE`) and its version
//!   checked before it is written, so a stale version is `conflict.version` and changes
//!   nothing; the Oversigt figures are counter rows changed in the same transaction; each
//!   changed record is announced with `pg_notify` (ids only), delivered at commit.
//! - Search columns hold text folded by Samskab (`domain::text::fold`), so æ, ø and å match
//!   as they do on sled, whatever the server's collation.
//! - The schema is changed only by `samskab --migrate` ([`migrate`]); a client whose
//!   schema differs from the server's refuses to open.

mod connect;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use postgres::error::SqlState;
use postgres::types::{Json, ToSql};
use postgres::{GenericClient, Row};
use serde::de::DeserializeOwned;

use super::codec::decode;
use super::dump::{ContributorLine, DraftLine, Kind, Records};
use super::inputs::{theme_groups, Adopted, Counter, Entry, Found, Tally};
use super::records::{id_from, Expect};
use super::{Table, Versioned, Write};
use crate::domain::consultation::Consultation;
use crate::domain::error::{AppError, AppResult};
use crate::domain::feedback::FeedbackPoint;
use crate::domain::feedback_loop::{AnswerStatus, LoopStatus};
use crate::domain::hours::TimeEntry;
use crate::domain::impact::ImpactEntry;
use crate::domain::input::{Activity, Input, InputQuery, InputSource};
use crate::domain::material::Material;
use crate::domain::meeting::Meeting;
use crate::domain::member::Member;
use crate::domain::payout::{Claim, HeldMeeting, PayoutList};
use crate::domain::project::{Phase, PhaseChange, Project};
use crate::domain::query::{search_text, ProjectPage, ProjectQuery, ProjectSort};
use crate::domain::roles::{any_allows, Access, Person, Role};
use crate::domain::settings::Settings;
use crate::domain::text::fold;
use crate::domain::Id;

pub use connect::{ConnectOptions, Pool};

mod embedded {
    refinery::embed_migrations!("src-tauri/store/pg/migrations");
}

/// The group roles on the server that give a login its role in Samskab.
pub const GROUP_ROLES: [(&str, Role); 4] = [
    ("samskab_admin", Role::Administrator),
    ("samskab_konsulent", Role::Consultant),
    ("samskab_leder", Role::Manager),
    ("samskab_peer", Role::Peer),
];

/// Whose a draft with key `$1` is (migrations V3, V4): a project's GRIPP2 draft is the
/// unit's (`shared`), any other is its writer's own.
const DRAFT_OWNER: &str =
    "(CASE WHEN $1 LIKE 'gripp2:%' THEN 'shared' ELSE current_user::text END)";

/// The channel every change is announced on: `<table>:<id>:<version>`.
pub const CHANNEL: &str = "samskab";

/// The schema version this program reads and writes: the newest migration it carries.
pub fn schema_version() -> u32 {
    embedded::migrations::runner()
        .get_migrations()
        .iter()
        .filter_map(|m| u32::try_from(m.version()).ok())
        .max()
        .unwrap_or(0)
}

/// Applies the migrations this program carries that the database lacks, as the login in
/// `options` (the owner of Samskab's tables). Returns the versions applied.
pub fn migrate(options: &ConnectOptions) -> AppResult<Vec<u32>> {
    let mut client = options.client()?;
    let report = embedded::migrations::runner()
        .set_grouped(true)
        .run(&mut client)
        .map_err(|e| AppError::Storage(format!("migration failed: {e}")))?;
    let mut tx = client.transaction().map_err(pg_error)?;
    fill_title_keys(&mut tx)?;
    tx.commit().map_err(pg_error)?;
    Ok(report
        .applied_migrations()
        .iter()
        .filter_map(|m| u32::try_from(m.version()).ok())
        .collect())
}

/// The schema version the server's database has (0 when it has none yet).
pub fn server_schema(client: &mut impl GenericClient) -> AppResult<u32> {
    let found = client.query_opt("SELECT max(version) FROM refinery_schema_history", &[]);
    match found {
        Ok(row) => Ok(row
            .and_then(|r| r.get::<_, Option<i32>>(0))
            .map_or(0, |v| u32::try_from(v).unwrap_or(0))),
        Err(e) if e.code() == Some(&SqlState::UNDEFINED_TABLE) => Ok(0),
        Err(e) => Err(pg_error(e)),
    }
}

/// Runs `f`, which uses the synchronous PostgreSQL client, where that client may run: the
/// client drives its own small async runtime and cannot be used from inside another one —
/// and Tauri runs its `async` commands on its runtime's threads. There, `f` runs on a
/// thread of its own (scoped: it may borrow), and the caller waits for it.
pub fn blocking<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    if tokio::runtime::Handle::try_current().is_err() {
        return f();
    }
    std::thread::scope(|scope| match scope.spawn(f).join() {
        Ok(v) => v,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

/// The PostgreSQL store: a small pool of connections to one database.
pub struct PgStore {
    /// Always `Some` until dropped (then closed on a thread of its own, see `Drop`).
    pool: Option<Pool>,
    options: ConnectOptions,
    changes: AtomicU64,
    /// The signed-in login (its name and roles), read once at connect.
    person: Person,
    /// Records a payout draft reads all of, as last read (see [`PgStore::cached`]).
    payout_cache: Cache<PayoutList>,
    claim_cache: Cache<Claim>,
    meeting_cache: Cache<Meeting>,
}

/// Records of a kind as last read from the server, by id.
type Cache<T> = std::sync::Mutex<HashMap<Id, std::sync::Arc<T>>>;

impl Drop for PgStore {
    fn drop(&mut self) {
        // Closing the connections uses the client's runtime: not inside another one.
        if let Some(pool) = self.pool.take() {
            blocking(move || drop(pool));
        }
    }
}

/// What went wrong inside a transaction: a decision of Samskab's (kept as it is), or the
/// server's answer (a deadlock is tried again).
enum Failure {
    App(AppError),
    Pg(postgres::Error),
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Failure::App(e)
    }
}

impl From<postgres::Error> for Failure {
    fn from(e: postgres::Error) -> Self {
        Failure::Pg(e)
    }
}

/// The app's error for one from the server or the connection.
pub fn pg_error(e: postgres::Error) -> AppError {
    let Some(db) = e.as_db_error() else {
        // No answer from the server: the connection, the network, TLS.
        return AppError::Unreachable(e.to_string());
    };
    let code = db.code().code();
    if code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03") {
        return AppError::Unreachable(e.to_string());
    }
    if code == "3D000" {
        return AppError::NoDatabase(db.message().to_owned());
    }
    if matches!(code, "28P01" | "28000") {
        return AppError::SignInFailed(db.message().to_owned());
    }
    if *db.code() == SqlState::CHECK_VIOLATION && db.message().contains("payout list is locked") {
        return AppError::NotAllowed {
            rule: "payout_locked",
        };
    }
    if *db.code() == SqlState::EXCLUSION_VIOLATION
        && db.constraint() == Some("payout_lists_no_overlap")
    {
        return AppError::NotAllowed {
            rule: "payout_overlap",
        };
    }
    if *db.code() == SqlState::INSUFFICIENT_PRIVILEGE {
        return AppError::Forbidden {
            role: String::new(),
            action: db.message().to_owned(),
        };
    }
    AppError::Storage(format!("PostgreSQL: {}", db.message()))
}

fn json<T: DeserializeOwned>(row: &Row, i: usize) -> AppResult<T> {
    row.try_get::<_, Json<T>>(i)
        .map(|j| j.0)
        .map_err(|e| AppError::Storage(format!("cannot decode record: {e}")))
}

/// The PostgreSQL table of a record tree of the sled store.
fn record_table(t: Table) -> Option<&'static str> {
    Some(match t {
        Table::Projects => "projects",
        Table::Members => "members",
        Table::Meetings => "meetings",
        Table::Consultations => "consultations",
        Table::Points => "feedback_points",
        Table::Activities => "activities",
        Table::Inputs => "inputs",
        Table::Claims => "claims",
        Table::PayoutLists => "payout_lists",
        Table::TimeEntries => "time_entries",
        Table::ImpactEntries => "impact_entries",
        Table::Materials => "materials",
        _ => return None,
    })
}

/// A record's typed columns besides id, version and body.
type Columns = Vec<(&'static str, Box<dyn ToSql + Sync>)>;

fn text_array(themes: &[String]) -> (Vec<String>, Vec<String>) {
    (themes.to_vec(), themes.iter().map(|t| fold(t)).collect())
}

/// The columns of a point or input, from its entry and its text.
fn looped_columns(e: &Entry, text: &str, source: bool) -> Columns {
    let (themes, folded) = text_array(&e.themes);
    let mut search = fold(text);
    for t in &folded {
        search.push('\n');
        search.push_str(t);
    }
    let mut cols: Columns = vec![
        ("project_id", Box::new(e.project_id)),
        ("given_on", Box::new(e.date)),
        ("loop_status", Box::new(e.status.as_str())),
        ("answer_status", Box::new(e.answer.map(|(s, _)| s.as_str()))),
        ("answer_date", Box::new(e.answer.map(|(_, d)| d))),
        ("themes", Box::new(themes)),
        ("folded_themes", Box::new(folded)),
        ("search", Box::new(search)),
    ];
    if source {
        cols.push(("source", Box::new(e.source.as_str())));
    }
    cols
}

/// What a record write needs: its body (the record as jsonb, members' contact details
/// apart), its columns and the counter rows it counts for.
struct Shape {
    body: serde_json::Value,
    columns: Columns,
    counters: Vec<(String, String)>,
}

/// The fields of a member kept in the `contact` column, which only roles that may read
/// members' contact details are granted (migration V2).
const CONTACT_FIELDS: [&str; 3] = ["email", "phone", "notes"];

/// A member's JSON split into the body and the contact details.
fn split_contact(mut body: serde_json::Value) -> (serde_json::Value, serde_json::Value) {
    let mut contact = serde_json::Map::new();
    if let Some(map) = body.as_object_mut() {
        for f in CONTACT_FIELDS {
            if let Some(v) = map.remove(f) {
                contact.insert(f.to_owned(), v);
            }
        }
    }
    (body, serde_json::Value::Object(contact))
}

fn project_counters(p: &Project) -> Vec<(String, String)> {
    if p.archived {
        Vec::new()
    } else {
        vec![("active_projects".into(), p.phase.as_str().into())]
    }
}

fn entry_counters(e: &Entry) -> Vec<(String, String)> {
    Counter::of(e)
        .into_iter()
        .map(|c| {
            let (name, key) = c.to_row();
            (name.to_owned(), key)
        })
        .collect()
}

/// The shape of the record `bytes` of `table`.
fn shape(table: Table, bytes: &[u8]) -> AppResult<Shape> {
    let whole: serde_json::Value = decode(bytes)?;
    let (body, contact) = if table == Table::Members {
        let (body, contact) = split_contact(whole);
        (body, Some(contact))
    } else {
        (whole, None)
    };
    let plain = |columns: Columns| (columns, Vec::new());
    let (columns, counters): (Columns, Vec<(String, String)>) = match table {
        Table::Projects => {
            let p: Project = decode(bytes)?;
            (
                vec![
                    ("archived", Box::new(p.archived)),
                    ("phase", Box::new(p.phase.as_str())),
                    ("search", Box::new(search_text(&p))),
                    ("title", Box::new(p.title.clone())),
                    ("title_key", Box::new(title_key(&p.title))),
                    (
                        "involvement_level",
                        Box::new(name_of(&p.involvement_level)?),
                    ),
                    ("kind", Box::new(name_of(&p.kind)?)),
                    ("target_groups", Box::new(names_of(&p.target_groups)?)),
                    ("deadline", Box::new(p.deadline)),
                    (
                        "start_on",
                        Box::new(p.start_date.unwrap_or_else(|| p.created_at.date_naive())),
                    ),
                    ("updated_at", Box::new(p.updated_at)),
                ],
                project_counters(&p),
            )
        }
        Table::Members => plain(vec![(
            "contact",
            Box::new(contact.unwrap_or_default()) as Box<dyn ToSql + Sync>,
        )]),
        Table::Meetings => {
            let m: Meeting = decode(bytes)?;
            plain(vec![
                ("status", Box::new(m.status.as_str())),
                ("date", Box::new(m.date)),
                ("time", Box::new(m.time)),
            ])
        }
        Table::Consultations => {
            let c: Consultation = decode(bytes)?;
            plain(vec![
                ("project_id", Box::new(c.project_id)),
                ("meeting_id", Box::new(c.meeting_id)),
            ])
        }
        Table::Points => {
            let p: FeedbackPoint = decode(bytes)?;
            let e = Entry::of_point(&p);
            let mut columns = looped_columns(&e, &p.text, false);
            columns.push(("consultation_id", Box::new(p.consultation_id)));
            (columns, entry_counters(&e))
        }
        Table::Activities => {
            let a: Activity = decode(bytes)?;
            plain(vec![("project_id", Box::new(a.project_id))])
        }
        Table::Inputs => {
            let i: Input = decode(bytes)?;
            let e = Entry::of_input(&i);
            let mut columns = looped_columns(&e, &i.text, true);
            columns.push(("activity_id", Box::new(i.activity_id)));
            (columns, entry_counters(&e))
        }
        Table::Claims => {
            let c: Claim = decode(bytes)?;
            plain(vec![
                ("member_id", Box::new(c.member_id)),
                ("date", Box::new(c.date)),
            ])
        }
        Table::PayoutLists => {
            let l: PayoutList = decode(bytes)?;
            plain(vec![
                ("period_from", Box::new(l.from)),
                ("period_to", Box::new(l.to)),
                ("status", Box::new(l.status.as_str())),
            ])
        }
        Table::TimeEntries => {
            let t: TimeEntry = decode(bytes)?;
            plain(vec![
                ("project_id", Box::new(t.project_id)),
                ("date", Box::new(t.date)),
                ("owner", Box::new(t.by)),
            ])
        }
        Table::ImpactEntries => {
            let e: ImpactEntry = decode(bytes)?;
            plain(vec![
                ("project_id", Box::new(e.project_id)),
                ("date", Box::new(e.date)),
            ])
        }
        Table::Materials => {
            let m: Material = decode(bytes)?;
            plain(vec![
                ("project_id", Box::new(m.project_id)),
                ("status", Box::new(m.status.as_str())),
                ("next_review", Box::new(m.next_review)),
            ])
        }
        other => {
            return Err(AppError::Storage(format!(
                "{} is not a record table",
                other.name()
            )))
        }
    };
    Ok(Shape {
        body,
        columns,
        counters,
    })
}

/// The counter rows of an old record (its body as stored).
fn old_counters(table: Table, body: &serde_json::Value) -> AppResult<Vec<(String, String)>> {
    let bytes = serde_json::to_vec(body)
        .map_err(|e| AppError::Storage(format!("cannot read record: {e}")))?;
    Ok(match table {
        Table::Projects | Table::Points | Table::Inputs => shape(table, &bytes)?.counters,
        _ => Vec::new(),
    })
}

fn pair_from(key: &[u8]) -> AppResult<(Id, Id)> {
    if key.len() != 32 {
        return Err(AppError::Storage("pair key is not two ids".into()));
    }
    Ok((id_from(&key[..16])?, id_from(&key[16..])?))
}

fn enum_of<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> AppResult<T> {
    parse(text).ok_or_else(|| AppError::Storage(format!("unknown value {text:?} in a column")))
}

/// The entry of a row of `ENTRY_COLUMNS`.
fn entry_of(row: &Row) -> AppResult<Entry> {
    let answer = match (
        row.get::<_, Option<String>>(6),
        row.get::<_, Option<NaiveDate>>(7),
    ) {
        (Some(s), Some(d)) => Some((enum_of(&s, AnswerStatus::parse)?, d)),
        _ => None,
    };
    Ok(Entry::from_columns(
        row.get(0),
        u64::try_from(row.get::<_, i64>(1)).unwrap_or(0),
        row.get(2),
        enum_of(&row.get::<_, String>(3), InputSource::parse)?,
        row.get(4),
        enum_of(&row.get::<_, String>(5), LoopStatus::parse)?,
        answer,
        row.get(8),
    ))
}

/// Every point and input as one relation, with the columns [`entry_of`] reads first.
const ALL_INPUT: &str = "(SELECT id, version, project_id, 'board'::text AS source, given_on, \
     loop_status, answer_status, answer_date, themes, folded_themes, search FROM feedback_points \
     UNION ALL SELECT id, version, project_id, source, given_on, loop_status, answer_status, \
     answer_date, themes, folded_themes, search FROM inputs) AS x";
const ENTRY_COLUMNS: &str =
    "id, version, project_id, source, given_on, loop_status, answer_status, answer_date, themes";

/// The words of a search (folded) as `LIKE` patterns, each found anywhere in the folded
/// search text; `%`, `_` and `\` in a word are taken literally.
fn like_patterns(text: &str) -> Vec<String> {
    fold(text)
        .split_whitespace()
        .map(|w| {
            let mut p = String::with_capacity(w.len() + 2);
            p.push('%');
            for c in w.chars() {
                if matches!(c, '%' | '_' | '\\') {
                    p.push('\\');
                }
                p.push(c);
            }
            p.push('%');
            p
        })
        .collect()
}

/// `AND search LIKE $n` for each pattern, numbered from `$first`: one condition per word,
/// so the trigram index (migration V5) answers each.
fn like_conditions(patterns: &[String], first: usize) -> String {
    (0..patterns.len())
        .map(|i| format!(" AND search LIKE ${}", first + i))
        .collect()
}

/// A title's place in Danish alphabetical order as bytes that sort as the titles do
/// (`danish_sort_key`, each character as four big-endian bytes): the `title_key` column.
pub fn title_key(title: &str) -> Vec<u8> {
    crate::domain::text::danish_sort_key(title)
        .into_iter()
        .flat_map(u32::to_be_bytes)
        .collect()
}

/// Writes the `title_key` of every project that has none (written by a Samskab older
/// than migration V5); part of `--migrate`.
pub fn fill_title_keys(client: &mut impl GenericClient) -> AppResult<u64> {
    let rows = client
        .query(
            "SELECT id, title FROM projects WHERE title_key IS NULL",
            &[],
        )
        .map_err(pg_error)?;
    let mut filled = 0;
    for row in &rows {
        let (id, title): (Id, String) = (row.get(0), row.get(1));
        filled += client
            .execute(
                "UPDATE projects SET title_key = $2 WHERE id = $1",
                &[&id, &title_key(&title)],
            )
            .map_err(pg_error)?;
    }
    Ok(filled)
}

/// The name that serde gives a value of a choice (as stored in the jsonb bodies).
fn name_of<T: serde::Serialize>(value: &T) -> AppResult<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        _ => Err(AppError::Storage("a choice has no name".into())),
    }
}

fn names_of<T: serde::Serialize>(values: &[T]) -> AppResult<Vec<String>> {
    values.iter().map(name_of).collect()
}

fn version_of(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl PgStore {
    /// Connects to the database of `options` and checks that its schema is the one this
    /// program carries.
    pub fn connect(options: ConnectOptions) -> AppResult<PgStore> {
        let pool = blocking(|| options.pool())?;
        let mut store = PgStore {
            pool: Some(pool),
            options,
            changes: AtomicU64::new(0),
            person: Person::nobody(),
            payout_cache: Cache::default(),
            claim_cache: Cache::default(),
            meeting_cache: Cache::default(),
        };
        let found = store.with_client(server_schema)?;
        let supported = schema_version();
        if found > supported {
            return Err(AppError::SchemaTooNew { found, supported });
        }
        if found < supported {
            return Err(AppError::SchemaTooOld { found, supported });
        }
        store.person = store.read_login()?;
        Ok(store)
    }

    /// The signed-in login as a person: its name, and its roles from the group roles it
    /// is a member of (`samskab_konsulent`, `samskab_peer`, `samskab_leder`,
    /// `samskab_admin`; see docs/team-mode.md).
    pub fn login(&self) -> &Person {
        &self.person
    }

    fn read_login(&self) -> AppResult<Person> {
        let row = self.with_client(|c| {
            c.query_one(
                "SELECT current_user::text, ARRAY(SELECT g.name FROM unnest($1::text[]) AS g(name) \
                   JOIN pg_roles r ON r.rolname = g.name \
                   WHERE pg_has_role(current_user, r.oid, 'member') ORDER BY g.name)",
                &[&GROUP_ROLES.iter().map(|(g, _)| *g).collect::<Vec<_>>()],
            )
            .map_err(pg_error)
        })?;
        let groups: Vec<String> = row.get(1);
        let mut roles: Vec<Role> = GROUP_ROLES
            .iter()
            .filter(|(g, _)| groups.iter().any(|x| x == g))
            .map(|(_, r)| *r)
            .collect();
        roles.sort();
        Ok(Person {
            id: Id::nil(),
            name: row.get(0),
            roles,
        })
    }

    /// The expression for a record of `table` as the signed-in login may read it: a
    /// member's contact details only for the roles that may read them (and the column
    /// grant of migration V2 lets read), empty otherwise.
    fn body_of(&self, table: &str) -> &'static str {
        match (table, any_allows(&self.person.roles, Access::ReadMembers)) {
            ("members", true) => "body || contact",
            ("members", false) => {
                "body || '{\"email\": \"\", \"phone\": \"\", \"notes\": \"\"}'::jsonb"
            }
            _ => "body",
        }
    }

    /// How the store was connected.
    pub fn options(&self) -> &ConnectOptions {
        &self.options
    }

    fn with_client<T: Send>(
        &self,
        f: impl FnOnce(&mut postgres::Client) -> AppResult<T> + Send,
    ) -> AppResult<T> {
        let pool = self.pool.as_ref().ok_or(AppError::StoreUnavailable)?;
        blocking(|| {
            let mut client = pool
                .get()
                .map_err(|e| AppError::Unreachable(e.to_string()))?;
            f(&mut client)
        })
    }

    /// Runs `f` in a read-only transaction that sees one snapshot, so that a count and
    /// the page it belongs to agree however others write meanwhile.
    fn snapshot<T: Send>(
        &self,
        f: impl FnOnce(&mut postgres::Transaction<'_>) -> AppResult<T> + Send,
    ) -> AppResult<T> {
        self.with_client(|c| {
            let mut tx = c
                .build_transaction()
                .isolation_level(postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .map_err(pg_error)?;
            let out = f(&mut tx)?;
            tx.commit().map_err(pg_error)?;
            Ok(out)
        })
    }

    /// Runs `f` in a transaction and commits it; a deadlock or serialization failure is
    /// tried again (a few times), anything else is returned with nothing written.
    fn transaction<T: Send>(
        &self,
        f: impl Fn(&mut postgres::Transaction<'_>) -> Result<T, Failure> + Sync,
    ) -> AppResult<T> {
        let mut tries = 0;
        loop {
            tries += 1;
            let outcome = self.with_client(|client| {
                let mut tx = client.transaction().map_err(pg_error)?;
                let result = f(&mut tx).and_then(|v| {
                    tx.commit()?;
                    Ok(v)
                });
                Ok(result)
            })?;
            match outcome {
                Ok(v) => return Ok(v),
                Err(Failure::App(e)) => return Err(e),
                Err(Failure::Pg(e)) => {
                    let retry = matches!(
                        e.code(),
                        Some(&SqlState::T_R_DEADLOCK_DETECTED)
                            | Some(&SqlState::T_R_SERIALIZATION_FAILURE)
                    );
                    if retry && tries < 5 {
                        continue;
                    }
                    return Err(pg_error(e));
                }
            }
        }
    }

    /// Applies every write in one transaction, checking each record's version.
    pub fn commit(&self, writes: &[Write]) -> AppResult<()> {
        self.transaction(|tx| apply(tx, writes))?;
        self.changes.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// [`PgStore::commit`] of an approved payout list, if the payout lists are still
    /// exactly `seen` (id and version) — those its draft was made from; `payout_changed`
    /// otherwise. Approvals take turns (a lock on the table), so two PCs approving at once
    /// never both pay the same item.
    pub fn commit_payout_list(&self, writes: &[Write], seen: &[(Id, u64)]) -> AppResult<()> {
        let mut expected: Vec<(Id, i64)> =
            seen.iter().map(|(id, v)| (*id, version_of(*v))).collect();
        expected.sort_unstable();
        self.transaction(|tx| {
            tx.batch_execute("LOCK TABLE payout_lists IN SHARE ROW EXCLUSIVE MODE")?;
            let mut now: Vec<(Id, i64)> = tx
                .query("SELECT id, version FROM payout_lists", &[])?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            now.sort_unstable();
            if now != expected {
                return Err(Failure::App(AppError::NotAllowed {
                    rule: "payout_changed",
                }));
            }
            apply(tx, writes)
        })?;
        self.changes.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// The record with `id`, or `not_found.<entity>`.
    pub fn get<T: Versioned>(&self, id: Id) -> AppResult<T> {
        let table = record_table(T::TABLE)
            .ok_or_else(|| AppError::Storage(format!("{} holds no records", T::TABLE.name())))?;
        self.with_client(|c| {
            let row = c
                .query_opt(
                    &format!("SELECT {} FROM {table} WHERE id = $1", self.body_of(table)),
                    &[&id],
                )
                .map_err(pg_error)?;
            match row {
                Some(row) => json(&row, 0),
                None => Err(AppError::NotFound { entity: T::ENTITY }),
            }
        })
    }

    /// The records with these ids, in the same order; missing ones are left out.
    pub fn get_many<T: Versioned>(&self, ids: &[Id]) -> AppResult<Vec<T>> {
        let table = record_table(T::TABLE)
            .ok_or_else(|| AppError::Storage(format!("{} holds no records", T::TABLE.name())))?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = self.with_client(|c| {
            c.query(
                &format!(
                    "SELECT id, {} FROM {table} WHERE id = ANY($1)",
                    self.body_of(table)
                ),
                &[&ids],
            )
            .map_err(pg_error)
        })?;
        let mut by_id: HashMap<Id, T> = HashMap::with_capacity(rows.len());
        for row in &rows {
            by_id.insert(row.get(0), json(row, 1)?);
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// Every record of a kind, in id (= creation time) order.
    pub fn all<T: Versioned>(&self) -> AppResult<Vec<T>> {
        let table = record_table(T::TABLE)
            .ok_or_else(|| AppError::Storage(format!("{} holds no records", T::TABLE.name())))?;
        self.bodies(
            &format!("SELECT {} FROM {table} ORDER BY id", self.body_of(table)),
            &[],
        )
    }

    fn bodies<T: DeserializeOwned + Send>(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> AppResult<Vec<T>> {
        let rows = self.with_client(|c| c.query(sql, params).map_err(pg_error))?;
        rows.iter().map(|r| json(r, 0)).collect()
    }

    fn ids(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> AppResult<Vec<Id>> {
        let rows = self.with_client(|c| c.query(sql, params).map_err(pg_error))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// The table and column of an index of pairs: `a ‖ b` is a row of `table` with id
    /// `b` whose `column` is `a`.
    fn pairs_of(table: Table) -> AppResult<(&'static str, &'static str)> {
        Ok(match table {
            Table::ProjectConsultations => ("consultations", "project_id"),
            Table::ConsultationPoints => ("feedback_points", "consultation_id"),
            Table::ProjectActivities => ("activities", "project_id"),
            Table::PhaseTimeline => ("phase_changes", "project_id"),
            other => {
                return Err(AppError::Storage(format!(
                    "{} is not an index of pairs",
                    other.name()
                )))
            }
        })
    }

    /// The second ids of the index rows `a ‖ *`, in time order.
    pub fn linked(&self, table: Table, a: Id) -> AppResult<Vec<Id>> {
        let (t, column) = Self::pairs_of(table)?;
        self.ids(
            &format!("SELECT id FROM {t} WHERE {column} = $1 ORDER BY id"),
            &[&a],
        )
    }

    /// [`PgStore::linked`] for several first ids, in one query.
    pub fn linked_many(&self, table: Table, firsts: &[Id]) -> AppResult<HashMap<Id, Vec<Id>>> {
        let (t, column) = Self::pairs_of(table)?;
        if firsts.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = self.with_client(|c| {
            c.query(
                &format!("SELECT {column}, id FROM {t} WHERE {column} = ANY($1) ORDER BY id"),
                &[&firsts],
            )
            .map_err(pg_error)
        })?;
        let mut out: HashMap<Id, Vec<Id>> = firsts.iter().map(|a| (*a, Vec::new())).collect();
        for row in &rows {
            out.entry(row.get(0)).or_default().push(row.get(1));
        }
        Ok(out)
    }

    /// The values of the rows `a ‖ *`, in time order.
    pub fn rows<T: DeserializeOwned + Send>(&self, table: Table, a: Id) -> AppResult<Vec<T>> {
        match table {
            Table::PhaseTimeline => self.bodies(
                "SELECT body FROM phase_changes WHERE project_id = $1 ORDER BY id",
                &[&a],
            ),
            other => Err(AppError::Storage(format!(
                "{} holds no rows of values",
                other.name()
            ))),
        }
    }

    /// The phase changes of these projects, each oldest first, in one query.
    pub fn phase_timelines(&self, ids: &[Id]) -> AppResult<HashMap<Id, Vec<PhaseChange>>> {
        let rows = self.with_client(|c| {
            c.query(
                "SELECT project_id, body FROM phase_changes WHERE project_id = ANY($1) \
                 ORDER BY project_id, id",
                &[&ids],
            )
            .map_err(pg_error)
        })?;
        let mut out: HashMap<Id, Vec<PhaseChange>> =
            ids.iter().map(|id| (*id, Vec::new())).collect();
        for row in &rows {
            out.entry(row.get(0)).or_default().push(json(row, 1)?);
        }
        Ok(out)
    }

    /// The ids of the index rows of a one-id index, in time order.
    pub fn marked(&self, table: Table) -> AppResult<Vec<Id>> {
        let sql = match table {
            Table::ToReportBack => {
                "SELECT id FROM feedback_points WHERE loop_status = 'answered' ORDER BY id"
            }
            Table::InputsToReportBack => {
                "SELECT id FROM inputs WHERE loop_status = 'answered' ORDER BY id"
            }
            Table::PlannedMeetings => {
                "SELECT id FROM meetings WHERE status = 'planned' ORDER BY id"
            }
            Table::RequestedConsultations => {
                "SELECT id FROM consultations WHERE meeting_id IS NULL ORDER BY id"
            }
            other => {
                return Err(AppError::Storage(format!(
                    "{} is not an index of ids",
                    other.name()
                )))
            }
        };
        self.ids(sql, &[])
    }

    pub fn draft(&self, key: &str) -> AppResult<String> {
        self.with_client(|c| {
            Ok(c.query_opt(
                &format!("SELECT text FROM drafts WHERE key = $1 AND owner = {DRAFT_OWNER}"),
                &[&key],
            )
            .map_err(pg_error)?
            .map(|r| r.get(0))
            .unwrap_or_default())
        })
    }

    /// The text kept under id `a` in `table` (empty when none).
    pub fn text(&self, table: Table, a: Id) -> AppResult<String> {
        if table != Table::Contributors {
            return Err(AppError::Storage(format!("{} holds no text", table.name())));
        }
        self.with_client(|c| {
            Ok(
                c.query_opt("SELECT text FROM contributors WHERE input_id = $1", &[&a])
                    .map_err(pg_error)?
                    .map(|r| r.get(0))
                    .unwrap_or_default(),
            )
        })
    }

    /// The inputs whose contributor reference is `reference` (trimmed, in any case).
    pub fn contributors_matching(&self, reference: &str) -> AppResult<Vec<Id>> {
        let rows = self.with_client(|c| {
            c.query(
                "SELECT input_id FROM contributors WHERE lower(btrim(text)) = lower(btrim($1)) \
                 ORDER BY input_id",
                &[&reference],
            )
            .map_err(pg_error)
        })?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// The texts kept under these ids in `table`, in one query.
    pub fn texts(&self, table: Table, ids: &[Id]) -> AppResult<HashMap<Id, String>> {
        if table != Table::Contributors {
            return Err(AppError::Storage(format!("{} holds no text", table.name())));
        }
        let rows = self.with_client(|c| {
            c.query(
                "SELECT input_id, text FROM contributors WHERE input_id = ANY($1) AND text <> ''",
                &[&ids],
            )
            .map_err(pg_error)
        })?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// The stored settings, or the defaults when none are stored.
    pub fn settings(&self) -> AppResult<Settings> {
        self.with_client(|c| {
            match c
                .query_opt("SELECT body FROM settings WHERE key = 'settings'", &[])
                .map_err(pg_error)?
            {
                Some(row) => json(&row, 0),
                None => Ok(Settings::default()),
            }
        })
    }

    /// Appends what `event` says as the next entry of the audit log. The server makes the
    /// entry (`audit_append()`, migration V7): it numbers and chains it, and stamps who
    /// (the login) and when, so `event.who` and `event.at` are not used.
    pub fn audit_append(
        &self,
        event: crate::domain::audit::AuditEvent,
    ) -> AppResult<crate::domain::audit::AuditEntry> {
        use crate::domain::audit::{AuditEntry, AuditEvent};
        let row = self.with_client(|c| {
            c.query_one(
                "SELECT seq, at, who, prev, hash FROM audit_append($1, $2, $3, $4)",
                &[
                    &event.action.as_str(),
                    &event.kind,
                    &event.record,
                    &event.detail,
                ],
            )
            .map_err(pg_error)
        })?;
        Ok(AuditEntry {
            seq: u64::try_from(row.get::<_, i64>(0)).unwrap_or(0),
            event: AuditEvent {
                at: row.get(1),
                who: row.get(2),
                ..event
            },
            prev: row.get(3),
            hash: row.get(4),
        })
    }

    /// Removes the audit entries made before `before` from the start, never the last one
    /// (`audit_remove_before()`, migration V8: an administrator's login only). How many.
    pub fn audit_remove_before(&self, before: chrono::DateTime<chrono::Utc>) -> AppResult<u64> {
        self.with_client(|c| {
            let n: i64 = c
                .query_one("SELECT audit_remove_before($1)", &[&before])
                .map_err(pg_error)?
                .get(0);
            Ok(u64::try_from(n).unwrap_or(0))
        })
    }

    /// Every entry of the audit log in order (`forbidden` for a login that is not in
    /// samskab_admin: the server refuses the read).
    pub fn audit_entries(&self) -> AppResult<Vec<super::audit::Stored>> {
        use crate::domain::audit::{AuditAction, AuditEntry, AuditEvent};
        let rows = self.with_client(|c| {
            c.query(
                "SELECT seq, at, who, action, kind, record, detail, prev, hash \
                 FROM audit_log ORDER BY seq",
                &[],
            )
            .map_err(pg_error)
        })?;
        Ok(rows
            .iter()
            .map(|r| {
                let seq = u64::try_from(r.get::<_, i64>(0)).unwrap_or(0);
                let action: String = r.get(3);
                let entry = AuditAction::ALL
                    .into_iter()
                    .find(|a| a.as_str() == action)
                    .map(|action| AuditEntry {
                        seq,
                        event: AuditEvent {
                            at: r.get(1),
                            who: r.get(2),
                            action,
                            kind: r.get(4),
                            record: r.get(5),
                            detail: r.get(6),
                        },
                        prev: r.get(7),
                        hash: r.get(8),
                    })
                    .ok_or_else(|| AppError::Tampered(format!("unknown action {action}")));
                (seq, entry)
            })
            .collect())
    }

    pub fn save_settings(&self, settings: &Settings) -> AppResult<()> {
        self.transaction(|tx| {
            tx.execute(
                "INSERT INTO settings (key, body) VALUES ('settings', $1) \
                 ON CONFLICT (key) DO UPDATE SET body = excluded.body",
                &[&Json(settings)],
            )?;
            tx.execute("SELECT pg_notify($1, 'settings')", &[&CHANNEL])?;
            Ok(())
        })?;
        self.changes.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Every project's id and title (by archive state), in no particular order.
    pub fn project_title_list(
        &self,
        archive: crate::domain::query::ArchiveFilter,
    ) -> AppResult<Vec<crate::domain::query::ProjectTitle>> {
        use crate::domain::query::ArchiveFilter;
        let archived: Option<bool> = match archive {
            ArchiveFilter::Active => Some(false),
            ArchiveFilter::Archived => Some(true),
            ArchiveFilter::All => None,
        };
        let rows = self.with_client(|c| {
            c.query(
                "SELECT id, title FROM projects WHERE $1::bool IS NULL OR archived = $1",
                &[&archived],
            )
            .map_err(pg_error)
        })?;
        Ok(rows
            .iter()
            .map(|r| crate::domain::query::ProjectTitle {
                id: r.get(0),
                title: r.get(1),
            })
            .collect())
    }

    /// The titles of the projects with these ids, in one query.
    pub fn project_titles(&self, ids: &[Id]) -> AppResult<HashMap<Id, String>> {
        let mut wanted = ids.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = self.with_client(|c| {
            c.query(
                "SELECT id, title FROM projects WHERE id = ANY($1)",
                &[&wanted],
            )
            .map_err(pg_error)
        })?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    pub fn project_count(&self) -> AppResult<usize> {
        self.with_client(|c| {
            let n: i64 = c
                .query_one("SELECT count(*) FROM projects", &[])
                .map_err(pg_error)?
                .get(0);
            Ok(usize::try_from(n).unwrap_or(0))
        })
    }

    /// How many projects not archived are in each phase (from the counter rows).
    pub fn active_projects_by_phase(&self) -> AppResult<HashMap<Phase, usize>> {
        let rows = self.with_client(|c| {
            c.query(
                "SELECT key, n FROM counters WHERE name = 'active_projects'",
                &[],
            )
            .map_err(pg_error)
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let phase = enum_of(&row.get::<_, String>(0), Phase::parse)?;
            out.insert(phase, usize::try_from(row.get::<_, i64>(1)).unwrap_or(0));
        }
        Ok(out)
    }

    /// The first projects that pass `query` in its sort order, and how many pass it.
    /// The server filters (archive state, phase, level, kind, target group, words through
    /// the trigram index) and returns the sort fields only; they are sorted here by the
    /// same key as on sled (Danish title order), and only the page's projects are read.
    pub fn list_projects(&self, query: &ProjectQuery) -> AppResult<ProjectPage> {
        use crate::domain::query::ArchiveFilter;
        let archived: Option<bool> = match query.archive {
            ArchiveFilter::Active => Some(false),
            ArchiveFilter::Archived => Some(true),
            ArchiveFilter::All => None,
        };
        let phases: Vec<&str> = query.phases.iter().map(|p| p.as_str()).collect();
        let levels = names_of(&query.levels)?;
        let kinds = names_of(&query.kinds)?;
        let groups = names_of(&query.target_groups)?;
        let patterns = like_patterns(&query.text);
        let sql = format!(
            "SELECT id, deadline, title_key, updated_at FROM projects \
             WHERE ($1::bool IS NULL OR archived = $1) \
               AND (cardinality($2::text[]) = 0 OR phase = ANY($2)) \
               AND (cardinality($3::text[]) = 0 OR involvement_level = ANY($3)) \
               AND (cardinality($4::text[]) = 0 OR kind = ANY($4)) \
               AND (cardinality($5::text[]) = 0 OR target_groups && $5){}",
            like_conditions(&patterns, 6)
        );
        let mut params: Vec<&(dyn ToSql + Sync)> =
            vec![&archived, &phases, &levels, &kinds, &groups];
        params.extend(patterns.iter().map(|p| p as &(dyn ToSql + Sync)));
        // Sorted by the server as `SortKey::compare` sorts: the Danish title order is the
        // `title_key` column, written by Samskab (`title_key`).
        let order = |t: &str| match query.sort {
            ProjectSort::Deadline => format!("{t}deadline ASC NULLS LAST, {t}title_key, {t}id"),
            ProjectSort::Title => format!("{t}title_key, {t}id"),
            ProjectSort::Updated => format!("{t}updated_at DESC, {t}title_key, {t}id"),
        };
        let limit: Option<i64> = (query.limit != 0).then(|| i64::from(query.limit));
        // One statement, so the count and the page are of one snapshot: the passing rows
        // counted, the first of them in order (a top-N sort), then their bodies.
        let page = format!(
            "WITH page AS ( \
               SELECT id, deadline, title_key, updated_at, count(*) OVER () AS total \
               FROM ({sql}) AS passing ORDER BY {} LIMIT ${} \
             ) SELECT page.id, p.body, page.total FROM page JOIN projects p ON p.id = page.id \
             ORDER BY {}",
            order(""),
            params.len() + 1,
            order("page.")
        );
        let mut with_limit = params.clone();
        with_limit.push(&limit);
        let rows = self.with_client(|c| c.query(&page, &with_limit).map_err(pg_error))?;
        let total = rows.first().map_or(0, |r| r.get::<_, i64>(2));
        Ok(ProjectPage {
            total: usize::try_from(total).unwrap_or(0),
            projects: rows.iter().map(|r| json(r, 1)).collect::<AppResult<_>>()?,
        })
    }

    /// Every project's id, title, phase and start, from columns and two fields of the
    /// body (not whole records).
    pub fn project_starts(&self) -> AppResult<Vec<super::ProjectStart>> {
        let rows = self.with_client(|c| {
            c.query(
                "SELECT id, title, phase, start_on FROM projects ORDER BY id",
                &[],
            )
            .map_err(pg_error)
        })?;
        rows.iter()
            .map(|r| {
                Ok(super::ProjectStart {
                    id: r.get(0),
                    title: r.get(1),
                    phase: enum_of(&r.get::<_, String>(2), Phase::parse)?,
                    start: r.get(3),
                })
            })
            .collect()
    }

    /// Points and inputs that pass `q`, newest first.
    pub fn search_inputs(
        &self,
        q: &InputQuery,
        today: NaiveDate,
        overdue_days: u32,
    ) -> AppResult<Found> {
        let sources: Vec<&str> = q.sources.iter().map(|s| s.as_str()).collect();
        let statuses: Vec<&str> = q.statuses.iter().map(|s| s.as_str()).collect();
        let answers: Vec<&str> = q.answers.iter().map(|s| s.as_str()).collect();
        let theme = fold(q.theme.trim());
        let patterns = like_patterns(&q.text);
        let cutoff = today - chrono::Duration::days(i64::from(overdue_days));
        let limit: i64 = if q.limit == 0 {
            500
        } else {
            i64::from(q.limit)
        };
        let filter = format!(
            "WHERE ($1::uuid IS NULL OR project_id = $1) \
               AND (cardinality($2::text[]) = 0 OR source = ANY($2)) \
               AND (cardinality($3::text[]) = 0 OR loop_status = ANY($3)) \
               AND (cardinality($4::text[]) = 0 OR answer_status = ANY($4)) \
               AND ($5 = '' OR folded_themes @> ARRAY[$5]) \
               AND ($6::date IS NULL OR given_on >= $6) \
               AND ($7::date IS NULL OR given_on <= $7) \
               AND (NOT $8 OR (loop_status = 'awaiting' AND given_on < $9)){}",
            like_conditions(&patterns, 10)
        );
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![
            &q.project_id,
            &sources,
            &statuses,
            &answers,
            &theme,
            &q.from,
            &q.to,
            &q.overdue_only,
            &cutoff,
        ];
        params.extend(patterns.iter().map(|p| p as &(dyn ToSql + Sync)));
        // Counted up to the limit of counting and one more, to know whether there are more.
        let count_limit = Found::count_limit(usize::try_from(limit).unwrap_or(usize::MAX));
        let count = format!(
            "SELECT count(*) FROM (SELECT 1 FROM {ALL_INPUT} {filter} LIMIT {}) AS hits",
            count_limit.saturating_add(1)
        );
        // The page on its own: newest first through the date indexes, stopping at `limit`.
        let page = format!(
            "SELECT {ENTRY_COLUMNS} FROM {ALL_INPUT} {filter} \
             ORDER BY given_on DESC, id DESC LIMIT ${}",
            params.len() + 1
        );
        let (rows, total) = self.snapshot(|c| {
            let total: i64 = c.query_one(&count, &params).map_err(pg_error)?.get(0);
            let mut with_limit = params.clone();
            with_limit.push(&limit);
            let rows = c.query(&page, &with_limit).map_err(pg_error)?;
            Ok((rows, total))
        })?;
        let total = usize::try_from(total).unwrap_or(0);
        Ok(Found {
            total: total.min(count_limit),
            capped: total > count_limit,
            entries: rows.iter().map(entry_of).collect::<AppResult<_>>()?,
        })
    }

    /// Themes with how many points and inputs carry each, for one project or all
    /// ([`theme_groups`]): all input from the counter rows, one project from its rows.
    pub fn theme_counts(&self, project_id: Option<Id>) -> AppResult<Vec<(String, usize)>> {
        let rows = self.with_client(|c| {
            match project_id {
                None => c.query(
                    "SELECT key, n FROM counters WHERE name = 'theme' AND n > 0",
                    &[],
                ),
                Some(p) => c.query(
                    "SELECT t, count(*) FROM ( \
                       SELECT unnest(themes) AS t FROM feedback_points WHERE project_id = $1 \
                       UNION ALL \
                       SELECT unnest(themes) FROM inputs WHERE project_id = $1 \
                     ) AS themed GROUP BY t",
                    &[&p],
                ),
            }
            .map_err(pg_error)
        })?;
        Ok(theme_groups(rows.iter().map(|r| {
            (
                r.get::<_, String>(0),
                usize::try_from(r.get::<_, i64>(1)).unwrap_or(0),
            )
        })))
    }

    /// The ids of every point and input that carries one of `themes` (case-insensitive).
    pub fn with_themes(&self, themes: &[String]) -> AppResult<Vec<(InputSource, Id)>> {
        let wanted: Vec<String> = themes.iter().map(|t| fold(t.trim())).collect();
        let rows = self.with_client(|c| {
            c.query(
                &format!("SELECT source, id FROM {ALL_INPUT} WHERE folded_themes && $1::text[]"),
                &[&wanted],
            )
            .map_err(pg_error)
        })?;
        rows.iter()
            .map(|r| {
                Ok((
                    enum_of(&r.get::<_, String>(0), InputSource::parse)?,
                    r.get(1),
                ))
            })
            .collect()
    }

    /// Calls `f` with every point and input.
    pub fn each_input(&self, mut f: impl FnMut(&Entry)) -> AppResult<()> {
        let rows = self.with_client(|c| {
            c.query(&format!("SELECT {ENTRY_COLUMNS} FROM {ALL_INPUT}"), &[])
                .map_err(pg_error)
        })?;
        for row in &rows {
            f(&entry_of(row)?);
        }
        Ok(())
    }

    /// The first `limit` planned meetings by date and time, and how many are planned
    /// (from the date and time columns of migration V5).
    pub fn first_planned_meetings(&self, limit: usize) -> AppResult<(Vec<Meeting>, usize)> {
        self.meetings_page("status = 'planned'", "date, time, id", limit)
    }

    /// The first `limit` meetings held or cancelled, latest first, and how many there are.
    pub fn latest_past_meetings(&self, limit: usize) -> AppResult<(Vec<Meeting>, usize)> {
        self.meetings_page("status <> 'planned'", "date DESC, time DESC, id", limit)
    }

    fn meetings_page(
        &self,
        filter: &str,
        order: &str,
        limit: usize,
    ) -> AppResult<(Vec<Meeting>, usize)> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let (rows, total) = self.snapshot(|c| {
            let total: i64 = c
                .query_one(
                    &format!("SELECT count(*) FROM meetings WHERE {filter}"),
                    &[],
                )
                .map_err(pg_error)?
                .get(0);
            let rows = c
                .query(
                    &format!("SELECT body FROM meetings WHERE {filter} ORDER BY {order} LIMIT $1"),
                    &[&limit],
                )
                .map_err(pg_error)?;
            Ok((rows, total))
        })?;
        let meetings = rows.iter().map(|r| json(r, 0)).collect::<AppResult<_>>()?;
        Ok((meetings, usize::try_from(total).unwrap_or(0)))
    }

    /// The meetings held in `year`, in id order.
    pub fn meetings_held_in(&self, year: i32) -> AppResult<Vec<Meeting>> {
        self.bodies(
            "SELECT body FROM meetings WHERE status = 'held' \
             AND date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY id",
            &[&year],
        )
    }

    /// How many meetings were held in `year`, and how many consultations they discussed.
    /// The records of `table` whose (id, version) rows `versions` (a query) gives, in its
    /// order. Records read before are kept with their version; only those new or changed
    /// since are read again: the server says which in one small query, and the bodies of
    /// a payout list's thousands of lines are not sent again for every draft.
    fn cached<T: Versioned>(
        &self,
        cache: &Cache<T>,
        table: &str,
        versions: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> AppResult<Vec<std::sync::Arc<T>>> {
        let versions: Vec<(Id, i64)> = self.with_client(|c| {
            Ok(c.query(versions, params)
                .map_err(pg_error)?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect())
        })?;
        let mut kept = cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let stale: Vec<Id> = versions
            .iter()
            .filter(|(id, v)| kept.get(id).is_none_or(|r| version_of(r.version()) != *v))
            .map(|(id, _)| *id)
            .collect();
        if !stale.is_empty() {
            let rows = self.with_client(|c| {
                c.query(
                    &format!("SELECT body FROM {table} WHERE id = ANY($1)"),
                    &[&stale],
                )
                .map_err(pg_error)
            })?;
            for r in &rows {
                let record: T = json(r, 0)?;
                kept.insert(record.id(), std::sync::Arc::new(record));
            }
        }
        Ok(versions
            .iter()
            .filter_map(|(id, _)| kept.get(id).cloned())
            .collect())
    }

    /// Every payout list, in id order (see [`PgStore::cached`]).
    pub fn payout_lists(&self) -> AppResult<Vec<std::sync::Arc<PayoutList>>> {
        self.cached(
            &self.payout_cache,
            "payout_lists",
            "SELECT id, version FROM payout_lists ORDER BY id",
            &[],
        )
    }

    /// The time entries dated in `[from, to]` (by the `date` column's index).
    pub fn time_entries_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> AppResult<Vec<TimeEntry>> {
        let rows = self.with_client(|c| {
            c.query(
                "SELECT body FROM time_entries WHERE date BETWEEN $1 AND $2 ORDER BY id",
                &[&from, &to],
            )
            .map_err(pg_error)
        })?;
        rows.iter().map(|r| json(r, 0)).collect()
    }

    /// Every claim, in id order (see [`PgStore::cached`]).
    pub fn claims(&self) -> AppResult<Vec<std::sync::Arc<Claim>>> {
        self.cached(
            &self.claim_cache,
            "claims",
            "SELECT id, version FROM claims ORDER BY id",
            &[],
        )
    }

    /// The materials in use or under revision whose next review is on or before `until`.
    pub fn reviews_until(&self, until: NaiveDate) -> AppResult<Vec<(Id, String, NaiveDate)>> {
        let rows = self.with_client(|c| {
            c.query(
                "SELECT id, body->>'title', next_review FROM materials \
                 WHERE status <> 'withdrawn' AND next_review <= $1 ORDER BY next_review, id",
                &[&until],
            )
            .map_err(pg_error)
        })?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    r.get::<_, Option<String>>(1).unwrap_or_default(),
                    r.get(2),
                )
            })
            .collect())
    }

    /// The meetings held on or before `to`, with who attended (see [`PgStore::cached`]).
    pub fn held_attendance(&self, to: NaiveDate) -> AppResult<Vec<HeldMeeting>> {
        Ok(self
            .cached(
                &self.meeting_cache,
                "meetings",
                "SELECT id, version FROM meetings WHERE status = 'held' AND date <= $1 ORDER BY id",
                &[&to],
            )?
            .iter()
            .map(|m| HeldMeeting {
                id: m.id,
                date: m.date,
                attendance: m.attendance.clone(),
            })
            .collect())
    }

    pub fn held_counts_in(&self, year: i32) -> AppResult<(usize, usize)> {
        self.with_client(|c| {
            let row = c
                .query_one(
                    "SELECT count(*), coalesce(sum(jsonb_array_length(body->'agenda')), 0)::bigint \
                     FROM meetings WHERE status = 'held' \
                     AND date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1)",
                    &[&year],
                )
                .map_err(pg_error)?;
            let (n, c): (i64, i64) = (row.get(0), row.get(1));
            Ok((
                usize::try_from(n).unwrap_or(0),
                usize::try_from(c).unwrap_or(0),
            ))
        })
    }

    /// The points and inputs adopted by an answer dated from `from` to `to`: only the
    /// fields the year report shows, taken from the bodies by the server.
    pub fn adopted_between(&self, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<Adopted>> {
        let rows = self.with_client(|c| {
            c.query(
                "SELECT id, 'board', project_id, body->>'text', answer_status, \
                   body#>>'{loop,answer,text}', answer_date FROM feedback_points \
                 WHERE answer_date >= $1 AND answer_date <= $2 \
                   AND answer_status IN ('adopted', 'partly_adopted') \
                 UNION ALL \
                 SELECT id, source, project_id, \
                   CASE WHEN (body->>'may_quote')::boolean THEN body->>'text' END, answer_status, \
                   body#>>'{loop,answer,text}', answer_date FROM inputs \
                 WHERE answer_date >= $1 AND answer_date <= $2 \
                   AND answer_status IN ('adopted', 'partly_adopted')",
                &[&from, &to],
            )
            .map_err(pg_error)
        })?;
        rows.iter()
            .map(|r| {
                Ok(Adopted {
                    id: r.get(0),
                    source: enum_of(&r.get::<_, String>(1), InputSource::parse)?,
                    project_id: r.get(2),
                    said: r.get(3),
                    status: enum_of(&r.get::<_, String>(4), AnswerStatus::parse)?,
                    answer: r.get::<_, Option<String>>(5).ok_or_else(|| {
                        AppError::Storage("an adopted record without its answer".into())
                    })?,
                    date: r.get(6),
                })
            })
            .collect()
    }

    /// The Oversigt figures, from the counter rows.
    pub fn input_tally(&self) -> AppResult<Tally> {
        let rows = self.with_client(|c| {
            c.query("SELECT name, key, n FROM counters ORDER BY name, key", &[])
                .map_err(pg_error)
        })?;
        let mut tally = Tally::default();
        for row in &rows {
            if let Some(counter) = Counter::from_row(row.get(0), row.get(1)) {
                tally.apply(counter, row.get(2));
            }
        }
        Ok(tally)
    }

    /// How many changes this client committed since it connected.
    pub fn change_count(&self) -> u64 {
        self.changes.load(Ordering::Relaxed)
    }

    /// Whether the database holds no projects.
    pub fn is_empty(&self) -> AppResult<bool> {
        self.with_client(|c| {
            Ok(
                c.query_one("SELECT NOT EXISTS (SELECT 1 FROM projects)", &[])
                    .map_err(pg_error)?
                    .get(0),
            )
        })
    }

    /// How many records of each kind the database holds.
    pub fn counts(&self) -> AppResult<HashMap<Kind, usize>> {
        let mut out = HashMap::new();
        self.with_client(|c| {
            for kind in Kind::ALL {
                let n: i64 = c
                    .query_one(&format!("SELECT count(*) FROM {}", kind.name()), &[])
                    .map_err(pg_error)?
                    .get(0);
                out.insert(kind, usize::try_from(n).unwrap_or(0));
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Every record, decoded, read in one snapshot.
    pub fn records(&self) -> AppResult<Records> {
        self.snapshot(|tx| {
            fn all<T: DeserializeOwned>(
                tx: &mut postgres::Transaction<'_>,
                sql: &str,
            ) -> AppResult<Vec<T>> {
                let rows = tx.query(sql, &[]).map_err(pg_error)?;
                rows.iter().map(|r| json(r, 0)).collect()
            }
            let settings: Vec<Settings> = all(tx, "SELECT body FROM settings")?;
            let records = Records {
                settings: settings.into_iter().next(),
                projects: all(tx, "SELECT body FROM projects ORDER BY id")?,
                phase_changes: all(tx, "SELECT body FROM phase_changes ORDER BY project_id, id")?,
                members: all(
                    tx,
                    &format!(
                        "SELECT {} FROM members ORDER BY id",
                        self.body_of("members")
                    ),
                )?,
                meetings: all(tx, "SELECT body FROM meetings ORDER BY id")?,
                consultations: all(tx, "SELECT body FROM consultations ORDER BY id")?,
                points: all(tx, "SELECT body FROM feedback_points ORDER BY id")?,
                activities: all(tx, "SELECT body FROM activities ORDER BY id")?,
                inputs: all(tx, "SELECT body FROM inputs ORDER BY id")?,
                contributors: tx
                    .query(
                        "SELECT input_id, text FROM contributors ORDER BY input_id",
                        &[],
                    )
                    .map_err(pg_error)?
                    .iter()
                    .map(|r| ContributorLine {
                        input_id: r.get(0),
                        text: r.get(1),
                    })
                    .collect(),
                drafts: tx
                    .query(
                        "SELECT key, text FROM drafts WHERE owner IN (current_user, 'shared') \
                         ORDER BY key COLLATE \"C\"",
                        &[],
                    )
                    .map_err(pg_error)?
                    .iter()
                    .map(|r| DraftLine {
                        key: r.get(0),
                        text: r.get(1),
                    })
                    .collect(),
                claims: all(tx, "SELECT body FROM claims ORDER BY id")?,
                payout_lists: all(tx, "SELECT body FROM payout_lists ORDER BY id")?,
                time_entries: all(tx, "SELECT body FROM time_entries ORDER BY id")?,
                impact_entries: all(tx, "SELECT body FROM impact_entries ORDER BY id")?,
                materials: all(tx, "SELECT body FROM materials ORDER BY id")?,
            };
            Ok(records)
        })
    }

    /// Calls `f` with each record of `kind` as one line of JSON, in the order the embedded
    /// store keeps them, encoded as the embedded store encodes them.
    pub fn each_line(
        &self,
        kind: Kind,
        mut f: impl FnMut(&[u8]) -> AppResult<()>,
    ) -> AppResult<()> {
        fn typed<T: DeserializeOwned + serde::Serialize>(
            rows: &[Row],
            f: &mut dyn FnMut(&[u8]) -> AppResult<()>,
        ) -> AppResult<()> {
            for row in rows {
                let record: T = json(row, 0)?;
                f(&super::codec::encode(&record)?)?;
            }
            Ok(())
        }
        let sql = match kind {
            Kind::Settings => "SELECT body FROM settings",
            Kind::Projects => "SELECT body FROM projects ORDER BY id",
            Kind::PhaseChanges => "SELECT body FROM phase_changes ORDER BY project_id, id",
            Kind::Members => &format!(
                "SELECT {} FROM members ORDER BY id",
                self.body_of("members")
            ),
            Kind::Meetings => "SELECT body FROM meetings ORDER BY id",
            Kind::Consultations => "SELECT body FROM consultations ORDER BY id",
            Kind::FeedbackPoints => "SELECT body FROM feedback_points ORDER BY id",
            Kind::Activities => "SELECT body FROM activities ORDER BY id",
            Kind::Inputs => "SELECT body FROM inputs ORDER BY id",
            Kind::Contributors => {
                "SELECT json_build_object('input_id', input_id, 'text', text) \
                 FROM contributors ORDER BY input_id"
            }
            Kind::Drafts => {
                "SELECT json_build_object('key', key, 'text', text) \
                 FROM drafts WHERE owner IN (current_user, 'shared') ORDER BY key COLLATE \"C\""
            }
            Kind::Claims => "SELECT body FROM claims ORDER BY id",
            Kind::PayoutLists => "SELECT body FROM payout_lists ORDER BY id",
            Kind::TimeEntries => "SELECT body FROM time_entries ORDER BY id",
            Kind::ImpactEntries => "SELECT body FROM impact_entries ORDER BY id",
            Kind::Materials => "SELECT body FROM materials ORDER BY id",
        };
        let rows = self.with_client(|c| c.query(sql, &[]).map_err(pg_error))?;
        let f: &mut dyn FnMut(&[u8]) -> AppResult<()> = &mut f;
        match kind {
            Kind::Settings => typed::<Settings>(&rows, f),
            Kind::Projects => typed::<Project>(&rows, f),
            Kind::PhaseChanges => typed::<PhaseChange>(&rows, f),
            Kind::Members => typed::<Member>(&rows, f),
            Kind::Meetings => typed::<Meeting>(&rows, f),
            Kind::Consultations => typed::<Consultation>(&rows, f),
            Kind::FeedbackPoints => typed::<FeedbackPoint>(&rows, f),
            Kind::Activities => typed::<Activity>(&rows, f),
            Kind::Inputs => typed::<Input>(&rows, f),
            Kind::Contributors => typed::<ContributorLine>(&rows, f),
            Kind::Drafts => typed::<DraftLine>(&rows, f),
            Kind::Claims => typed::<Claim>(&rows, f),
            Kind::PayoutLists => typed::<PayoutList>(&rows, f),
            Kind::TimeEntries => typed::<TimeEntry>(&rows, f),
            Kind::ImpactEntries => typed::<ImpactEntry>(&rows, f),
            Kind::Materials => typed::<Material>(&rows, f),
        }
    }

    /// Writes `records` into this database, which must hold no records, with the counter
    /// rows that follow from them, in one transaction.
    pub fn load(&self, records: &Records) -> AppResult<()> {
        self.transaction(|tx| {
            // One move at a time, and no one writes projects meanwhile: two PCs moving in
            // at once must not both find the database empty.
            tx.batch_execute("LOCK TABLE projects IN SHARE ROW EXCLUSIVE MODE")?;
            let any: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM projects) OR EXISTS (SELECT 1 FROM members) \
                     OR EXISTS (SELECT 1 FROM meetings) OR EXISTS (SELECT 1 FROM drafts)",
                    &[],
                )?
                .get(0);
            if any {
                return Err(AppError::Import {
                    rule: "not_empty",
                    detail: "the database already holds records".into(),
                }
                .into());
            }
            load_into(tx, records)?;
            // Everyone's screens ask again for everything.
            tx.execute("SELECT pg_notify($1, '')", &[&CHANNEL])?;
            Ok(())
        })?;
        self.changes.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

fn add_counters(
    counters: &mut BTreeMap<(String, String), i64>,
    rows: Vec<(String, String)>,
    by: i64,
) {
    for row in rows {
        *counters.entry(row).or_default() += by;
    }
}

/// Inserts or updates one record with its columns.
fn put_record(
    tx: &mut postgres::Transaction<'_>,
    table: &str,
    id: Id,
    version: i64,
    body: &serde_json::Value,
    columns: &Columns,
    insert: bool,
) -> Result<u64, postgres::Error> {
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![&id, &version, body];
    for (_, value) in columns {
        params.push(value.as_ref());
    }
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    let sql = if insert {
        let holders: Vec<String> = (1..=params.len()).map(|i| format!("${i}")).collect();
        format!(
            "INSERT INTO {table} (id, version, body{}{}) VALUES ({})",
            if names.is_empty() { "" } else { ", " },
            names.join(", "),
            holders.join(", ")
        )
    } else {
        let sets: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, n)| format!(", {n} = ${}", i + 4))
            .collect();
        format!(
            "UPDATE {table} SET version = $2, body = $3{} WHERE id = $1",
            sets.concat()
        )
    };
    tx.execute(&sql, &params)
}

/// Applies one write inside the commit's transaction.
fn write_one(
    tx: &mut postgres::Transaction<'_>,
    w: &Write,
    counters: &mut BTreeMap<(String, String), i64>,
    notes: &mut Vec<String>,
) -> Result<(), Failure> {
    if let Some(table) = record_table(w.table) {
        let id = id_from(&w.key)?;
        let Some(bytes) = &w.value else {
            return Err(AppError::Storage("records are never removed".into()).into());
        };
        let new = shape(w.table, bytes)?;
        let version = new
            .body
            .get("version")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| AppError::Storage("a record without a version".into()))?;
        let insert = match w.expect {
            Expect::Absent => true,
            Expect::Version(expected, entity) => {
                let old = tx.query_opt(
                    &format!("SELECT version, body FROM {table} WHERE id = $1 FOR UPDATE"),
                    &[&id],
                )?;
                let Some(old) = old else {
                    return Err(AppError::NotFound { entity }.into());
                };
                let actual = u64::try_from(old.get::<_, i64>(0)).unwrap_or(0);
                if actual != expected {
                    return Err(AppError::Conflict { expected, actual }.into());
                }
                let old_body: serde_json::Value = old.get(1);
                add_counters(counters, old_counters(w.table, &old_body)?, -1);
                false
            }
            Expect::Anything => {
                return Err(AppError::Storage("a record write without a version".into()).into())
            }
        };
        let written = put_record(
            tx,
            table,
            id,
            version_of(version),
            &new.body,
            &new.columns,
            insert,
        );
        match written {
            Err(e) if insert && e.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                return Err(AppError::Conflict {
                    expected: 0,
                    actual: 1,
                }
                .into())
            }
            other => {
                other?;
            }
        }
        add_counters(counters, new.counters, 1);
        notes.push(format!("{table}:{id}:{version}"));
        return Ok(());
    }
    match w.table {
        Table::PhaseTimeline => {
            let (project, id) = pair_from(&w.key)?;
            match &w.value {
                Some(bytes) => {
                    let body: serde_json::Value = decode(bytes)?;
                    tx.execute(
                        "INSERT INTO phase_changes (project_id, id, body) VALUES ($1, $2, $3) \
                         ON CONFLICT (project_id, id) DO UPDATE SET body = excluded.body",
                        &[&project, &id, &body],
                    )?;
                }
                None => {
                    tx.execute(
                        "DELETE FROM phase_changes WHERE project_id = $1 AND id = $2",
                        &[&project, &id],
                    )?;
                }
            }
        }
        Table::Contributors => {
            let id = id_from(&w.key)?;
            match &w.value {
                Some(bytes) => {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    tx.execute(
                        "INSERT INTO contributors (input_id, text) VALUES ($1, $2) \
                         ON CONFLICT (input_id) DO UPDATE SET text = excluded.text",
                        &[&id, &text],
                    )?;
                }
                None => {
                    tx.execute("DELETE FROM contributors WHERE input_id = $1", &[&id])?;
                }
            }
        }
        Table::Drafts => {
            let key = String::from_utf8_lossy(&w.key).into_owned();
            match &w.value {
                Some(bytes) => {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    tx.execute(
                        &format!(
                            "INSERT INTO drafts (owner, key, text) VALUES ({DRAFT_OWNER}, $1, $2) \
                             ON CONFLICT (owner, key) DO UPDATE SET text = excluded.text"
                        ),
                        &[&key, &text],
                    )?;
                }
                None => {
                    tx.execute(
                        &format!("DELETE FROM drafts WHERE key = $1 AND owner = {DRAFT_OWNER}"),
                        &[&key],
                    )?;
                }
            }
        }
        // Index trees: here, indexes over the records' columns, kept by the server.
        _ => {}
    }
    Ok(())
}

/// Every write of one commit, with the counter rows and notifications they make.
fn apply(tx: &mut postgres::Transaction<'_>, writes: &[Write]) -> Result<(), Failure> {
    let mut counters: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut notes = Vec::new();
    for w in writes {
        write_one(tx, w, &mut counters, &mut notes)?;
    }
    // In key order, so two transactions never wait for each other in a circle.
    for ((name, key), n) in &counters {
        if *n != 0 {
            tx.execute(
                "INSERT INTO counters (name, key, n) VALUES ($1, $2, $3) \
                 ON CONFLICT (name, key) DO UPDATE SET n = counters.n + excluded.n",
                &[name, key, n],
            )?;
        }
    }
    for note in &notes {
        tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, note])?;
    }
    Ok(())
}

/// Inserts every record of `records` with its columns and counters.
fn load_into(tx: &mut postgres::Transaction<'_>, r: &Records) -> Result<(), Failure> {
    /// Every record of a kind in one binary COPY: the values go as the same typed
    /// parameters an insert would take, without a round trip per row.
    fn each<T: Versioned>(
        tx: &mut postgres::Transaction<'_>,
        records: &[T],
        counters: &mut BTreeMap<(String, String), i64>,
    ) -> Result<(), Failure> {
        use postgres::binary_copy::BinaryCopyInWriter;
        let (Some(table), Some(first)) = (record_table(T::TABLE), records.first()) else {
            return Ok(());
        };
        let names: Vec<&str> = shape(T::TABLE, &super::codec::encode(first)?)?
            .columns
            .iter()
            .map(|(n, _)| *n)
            .collect();
        let list = ["id", "version", "body"]
            .into_iter()
            .chain(names.iter().copied())
            .collect::<Vec<_>>()
            .join(", ");
        let types: Vec<postgres::types::Type> = tx
            .prepare(&format!("SELECT {list} FROM {table} LIMIT 0"))?
            .columns()
            .iter()
            .map(|c| c.type_().clone())
            .collect();
        let sink = tx.copy_in(&format!("COPY {table} ({list}) FROM STDIN BINARY"))?;
        let mut writer = BinaryCopyInWriter::new(sink, &types);
        for record in records {
            let shape = shape(T::TABLE, &super::codec::encode(record)?)?;
            let id = record.id();
            let version = version_of(record.version());
            let mut row: Vec<&(dyn ToSql + Sync)> = vec![&id, &version, &shape.body];
            for (_, value) in &shape.columns {
                row.push(value.as_ref());
            }
            writer.write(&row)?;
            add_counters(counters, shape.counters, 1);
        }
        writer.finish()?;
        Ok(())
    }
    let mut counters = BTreeMap::new();
    if let Some(settings) = &r.settings {
        tx.execute(
            "INSERT INTO settings (key, body) VALUES ('settings', $1) \
             ON CONFLICT (key) DO UPDATE SET body = excluded.body",
            &[&Json(settings)],
        )?;
    }
    each(tx, &r.projects, &mut counters)?;
    let insert =
        tx.prepare("INSERT INTO phase_changes (project_id, id, body) VALUES ($1, $2, $3)")?;
    for c in &r.phase_changes {
        let change: &PhaseChange = c;
        tx.execute(&insert, &[&change.project_id, &change.id, &Json(change)])?;
    }
    each(tx, &r.members, &mut counters)?;
    each(tx, &r.meetings, &mut counters)?;
    each(tx, &r.consultations, &mut counters)?;
    each(tx, &r.points, &mut counters)?;
    each(tx, &r.activities, &mut counters)?;
    each(tx, &r.inputs, &mut counters)?;
    each(tx, &r.claims, &mut counters)?;
    each(tx, &r.payout_lists, &mut counters)?;
    each(tx, &r.time_entries, &mut counters)?;
    each(tx, &r.impact_entries, &mut counters)?;
    each(tx, &r.materials, &mut counters)?;
    let insert = tx.prepare("INSERT INTO contributors (input_id, text) VALUES ($1, $2)")?;
    for c in &r.contributors {
        tx.execute(&insert, &[&c.input_id, &c.text])?;
    }
    for d in &r.drafts {
        tx.execute(
            &format!("INSERT INTO drafts (owner, key, text) VALUES ({DRAFT_OWNER}, $1, $2)"),
            &[&d.key, &d.text],
        )?;
    }
    for ((name, key), n) in &counters {
        tx.execute(
            "INSERT INTO counters (name, key, n) VALUES ($1, $2, $3) \
             ON CONFLICT (name, key) DO UPDATE SET n = counters.n + excluded.n",
            &[name, key, n],
        )?;
    }
    Ok(())
}
