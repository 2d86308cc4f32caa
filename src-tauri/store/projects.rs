//! Projects and their phase timeline.
//!
//! `projects`: id → Project. `project_phase_timeline`: project id ‖ change id → PhaseChange,
//! so a project's timeline is one prefix scan in time order. The list is answered from
//! [`ProjectIndex`], an in-memory index of every project with its folded search text,
//! built on open and kept in step with each committed change.

use std::collections::HashMap;

use sled::transaction::{abort, ConflictableTransactionError};
use sled::Transactional;

use super::codec::{decode, encode, id_key, pair_key};
use super::Store;
use crate::domain::error::{AppError, AppResult};
use crate::domain::project::{PhaseChange, Project};
use crate::domain::query::{search_text, Matcher, ProjectQuery, SortKey};
use crate::domain::Id;

/// Every project, by id, with its folded search text and its sort key.
#[derive(Default)]
pub struct ProjectIndex {
    entries: HashMap<Id, Entry>,
}

struct Entry {
    project: Project,
    haystack: String,
    sort_key: SortKey,
}

impl ProjectIndex {
    fn put(&mut self, project: &Project) {
        // A slower writer never replaces a newer version.
        if let Some(current) = self.entries.get(&project.id) {
            if current.project.version >= project.version {
                return;
            }
        }
        let entry = Entry {
            project: project.clone(),
            haystack: search_text(project),
            sort_key: SortKey::of(project),
        };
        self.entries.insert(project.id, entry);
    }
}

fn not_found() -> AppError {
    AppError::NotFound { entity: "project" }
}

impl Store {
    pub(super) fn load_project_index(&self) -> AppResult<()> {
        let mut index = ProjectIndex::default();
        for entry in self.projects.iter() {
            let (_, value) = entry?;
            index.put(&decode::<Project>(&value)?);
        }
        *self.write_index() = index;
        Ok(())
    }

    fn write_index(&self) -> std::sync::RwLockWriteGuard<'_, ProjectIndex> {
        // The index holds no invariant a panicking writer could break half-way.
        self.project_index
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn read_index(&self) -> std::sync::RwLockReadGuard<'_, ProjectIndex> {
        self.project_index
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The stored project, read from disk.
    pub fn project(&self, id: Id) -> AppResult<Project> {
        match self.projects.get(id_key(id))? {
            Some(bytes) => decode(&bytes),
            None => Err(not_found()),
        }
    }

    /// The title of a project, from the in-memory index (no disk read).
    pub fn project_title(&self, id: Id) -> Option<String> {
        self.read_index()
            .entries
            .get(&id)
            .map(|e| e.project.title.clone())
    }

    pub fn project_count(&self) -> usize {
        self.read_index().entries.len()
    }

    /// Stores a new project and the first entry of its timeline in one transaction.
    pub fn insert_project(&self, project: &Project, first: &PhaseChange) -> AppResult<()> {
        let value = encode(project)?;
        let change = encode(first)?;
        let key = id_key(project.id);
        let change_key = pair_key(project.id, first.id);
        (&self.projects, &self.phase_timeline).transaction(|(projects, timeline)| {
            projects.insert(&key, value.as_slice())?;
            timeline.insert(&change_key, change.as_slice())?;
            Ok::<(), ConflictableTransactionError<AppError>>(())
        })?;
        self.write_index().put(project);
        self.flush()
    }

    /// Replaces a project whose stored version is `next.version - 1`, and records `change`
    /// on its timeline in the same transaction. A stale version is a conflict and changes
    /// nothing.
    pub fn update_project(&self, next: &Project, change: Option<&PhaseChange>) -> AppResult<()> {
        let value = encode(next)?;
        let change = change.map(|c| encode(c).map(|v| (pair_key(next.id, c.id), v)));
        let change = change.transpose()?;
        let key = id_key(next.id);
        let expected = next.version.saturating_sub(1);
        (&self.projects, &self.phase_timeline).transaction(|(projects, timeline)| {
            let Some(current) = projects.get(key)? else {
                return abort(not_found());
            };
            let current: Project = match decode(&current) {
                Ok(p) => p,
                Err(e) => return abort(e),
            };
            if current.version != expected {
                return abort(AppError::Conflict {
                    expected,
                    actual: current.version,
                });
            }
            projects.insert(&key, value.as_slice())?;
            if let Some((change_key, change_value)) = &change {
                timeline.insert(change_key, change_value.as_slice())?;
            }
            Ok(())
        })?;
        self.write_index().put(next);
        self.flush()
    }

    /// The project's phase changes, oldest first.
    pub fn phase_timeline(&self, project_id: Id) -> AppResult<Vec<PhaseChange>> {
        self.phase_timeline
            .scan_prefix(id_key(project_id))
            .map(|entry| decode(&entry?.1))
            .collect()
    }

    /// Projects that pass `query`, in its sort order.
    pub fn list_projects(&self, query: &ProjectQuery) -> Vec<Project> {
        let matcher = Matcher::new(query);
        let index = self.read_index();
        let mut found: Vec<&Entry> = index
            .entries
            .values()
            .filter(|e| matcher.matches(&e.project, &e.haystack))
            .collect();
        found.sort_by(|a, b| a.sort_key.compare(&b.sort_key, query.sort));
        found.into_iter().map(|e| e.project.clone()).collect()
    }
}
