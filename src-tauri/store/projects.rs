//! Projects in the sled store (their phase timeline is written by `Store::update_project`).
//!
//! Projects are versioned records in [`super::Table::Projects`]; each phase change is a row of
//! [`super::Table::PhaseTimeline`] (project id ‖ change id), written in the same transaction, so a
//! project's timeline is one prefix scan in time order. The list is answered from
//! [`ProjectIndex`], an in-memory index of every project with its folded search text and
//! sort key, built on open and kept in step with each committed change.

use std::collections::HashMap;

use super::SledStore;
use crate::domain::error::AppResult;
use crate::domain::project::{Phase, Project};
use crate::domain::query::{search_text, Matcher, ProjectPage, ProjectQuery, SortKey};
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

impl SledStore {
    pub(super) fn load_project_index(&self) -> AppResult<()> {
        self.set_project_index(&self.all::<Project>()?);
        Ok(())
    }

    /// Builds the list index from `projects` (all of them, already read).
    pub(super) fn set_project_index(&self, projects: &[Project]) {
        let mut index = ProjectIndex::default();
        for project in projects {
            index.put(project);
        }
        *self.write_index() = index;
    }

    /// Called by `commit` for every project it wrote.
    pub(super) fn index_project(&self, project: &Project) {
        self.write_index().put(project);
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

    pub fn project_titles(&self, ids: &[Id]) -> std::collections::HashMap<Id, String> {
        let index = self.read_index();
        ids.iter()
            .filter_map(|id| {
                index
                    .entries
                    .get(id)
                    .map(|e| (*id, e.project.title.clone()))
            })
            .collect()
    }

    /// Every project's id and title (by archive state), in no particular order.
    pub fn project_title_list(
        &self,
        archive: crate::domain::query::ArchiveFilter,
    ) -> Vec<crate::domain::query::ProjectTitle> {
        use crate::domain::query::ArchiveFilter;
        self.read_index()
            .entries
            .values()
            .filter(|e| match archive {
                ArchiveFilter::Active => !e.project.archived,
                ArchiveFilter::Archived => e.project.archived,
                ArchiveFilter::All => true,
            })
            .map(|e| crate::domain::query::ProjectTitle {
                id: e.project.id,
                title: e.project.title.clone(),
            })
            .collect()
    }

    pub fn project_count(&self) -> usize {
        self.read_index().entries.len()
    }

    pub(super) fn for_each_project(&self, mut f: impl FnMut(&Project)) {
        for e in self.read_index().entries.values() {
            f(&e.project);
        }
    }

    /// How many projects not archived are in each phase.
    pub fn active_projects_by_phase(&self) -> HashMap<Phase, usize> {
        let mut out = HashMap::new();
        for e in self.read_index().entries.values() {
            if !e.project.archived {
                *out.entry(e.project.phase).or_default() += 1;
            }
        }
        out
    }

    /// Projects that pass `query`, in its sort order.
    pub fn list_projects(&self, query: &ProjectQuery) -> ProjectPage {
        let matcher = Matcher::new(query);
        let index = self.read_index();
        let mut found: Vec<&Entry> = index
            .entries
            .values()
            .filter(|e| matcher.matches(&e.project, &e.haystack))
            .collect();
        let total = found.len();
        super::first_sorted(&mut found, query.limit(), |a, b| {
            a.sort_key.compare(&b.sort_key, query.sort)
        });
        ProjectPage {
            total,
            projects: found.into_iter().map(|e| e.project.clone()).collect(),
        }
    }
}
