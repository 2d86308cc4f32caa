//! Filtering and sorting the project list.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use ts_rs::TS;

use super::project::{InvolvementLevel, Phase, Project, ProjectKind, TargetGroup};
use super::text::{danish_sort_key, fold};

/// Which projects to show by archive state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ArchiveFilter {
    #[default]
    Active,
    Archived,
    All,
}

/// Sort order of the project list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProjectSort {
    /// Earliest deadline first; projects without a deadline last.
    #[default]
    Deadline,
    /// Danish alphabetical order.
    Title,
    /// Most recently changed first.
    Updated,
}

/// A filter on the project list. Empty lists mean "any"; several values in one list mean
/// "any of these"; different lists must all match.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ProjectQuery {
    pub phases: Vec<Phase>,
    pub levels: Vec<InvolvementLevel>,
    pub kinds: Vec<ProjectKind>,
    pub target_groups: Vec<TargetGroup>,
    /// Free text, matched case-insensitively against title, summary, requester, consultant
    /// and tags. Every word must match.
    pub text: String,
    pub archive: ArchiveFilter,
    pub sort: ProjectSort,
    /// How many of the sorted projects to return (0: all of them). The list screen asks
    /// for a page and for more when the user wants them.
    pub limit: u32,
}

/// A project as a choice in a list of projects (a picker): its id and title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProjectTitle {
    pub id: crate::domain::Id,
    pub title: String,
}

/// The first projects that pass a query, and how many pass it in all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct ProjectPage {
    #[ts(type = "number")]
    pub total: usize,
    pub projects: Vec<Project>,
}

impl ProjectQuery {
    /// How many projects to return at most.
    pub fn limit(&self) -> usize {
        if self.limit == 0 {
            usize::MAX
        } else {
            self.limit as usize
        }
    }
}

/// The text a project is searched by, folded once.
pub fn search_text(p: &Project) -> String {
    let mut text = String::with_capacity(p.title.len() + p.summary.len() + 64);
    for part in [
        &p.title,
        &p.summary,
        &p.requester_unit,
        &p.requester_contact,
        &p.responsible_consultant,
    ] {
        text.push_str(part);
        text.push('\n');
    }
    for tag in &p.tags {
        text.push_str(tag);
        text.push('\n');
    }
    fold(&text)
}

/// A query prepared for matching many projects.
pub struct Matcher<'a> {
    query: &'a ProjectQuery,
    words: Vec<String>,
}

impl<'a> Matcher<'a> {
    pub fn new(query: &'a ProjectQuery) -> Self {
        Matcher {
            query,
            words: fold(&query.text)
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        }
    }

    /// Whether `project`, whose folded search text is `haystack`, passes the filter.
    pub fn matches(&self, project: &Project, haystack: &str) -> bool {
        let q = self.query;
        let archive_ok = match q.archive {
            ArchiveFilter::Active => !project.archived,
            ArchiveFilter::Archived => project.archived,
            ArchiveFilter::All => true,
        };
        archive_ok
            && (q.phases.is_empty() || q.phases.contains(&project.phase))
            && (q.levels.is_empty() || q.levels.contains(&project.involvement_level))
            && (q.kinds.is_empty() || q.kinds.contains(&project.kind))
            && (q.target_groups.is_empty()
                || q.target_groups
                    .iter()
                    .any(|g| project.target_groups.contains(g)))
            && self.words.iter().all(|w| haystack.contains(w.as_str()))
    }
}

/// What the list sorts by, computed once per project (the Danish title key allocates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    deadline: Option<chrono::NaiveDate>,
    title: Vec<u32>,
    updated: chrono::DateTime<chrono::Utc>,
    id: crate::domain::Id,
}

impl SortKey {
    pub fn of(p: &Project) -> SortKey {
        SortKey {
            deadline: p.deadline,
            title: danish_sort_key(&p.title),
            updated: p.updated_at,
            id: p.id,
        }
    }

    /// The order of `sort`; ties are broken by title, then id, so the order is stable from
    /// one call to the next.
    pub fn compare(&self, other: &SortKey, sort: ProjectSort) -> Ordering {
        let by_title = || self.title.cmp(&other.title).then(self.id.cmp(&other.id));
        match sort {
            ProjectSort::Title => by_title(),
            ProjectSort::Deadline => match (self.deadline, other.deadline) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
            .then_with(by_title),
            ProjectSort::Updated => other.updated.cmp(&self.updated).then_with(by_title),
        }
    }
}

/// Sorts projects in place by `sort`.
pub fn sort_projects(projects: &mut [Project], sort: ProjectSort) {
    let mut keyed: Vec<(SortKey, Project)> = projects
        .iter()
        .map(|p| (SortKey::of(p), p.clone()))
        .collect();
    keyed.sort_by(|a, b| a.0.compare(&b.0, sort));
    for (slot, (_, p)) in projects.iter_mut().zip(keyed) {
        *slot = p;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::project::{ProjectFields, ProjectInput};
    use chrono::{NaiveDate, TimeZone, Utc};

    fn project(title: &str, phase: Phase, deadline: Option<(i32, u32, u32)>) -> Project {
        let fields: ProjectFields = ProjectInput {
            title: title.into(),
            kind: "service".into(),
            involvement_level: "involve".into(),
            tags: vec!["Pårørende".into()],
            ..ProjectInput::default()
        }
        .validate()
        .expect("valid");
        let mut p = Project::new(
            crate::domain::new_id(),
            fields,
            phase,
            Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0)
                .single()
                .expect("date"),
        );
        p.deadline = deadline.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        p
    }

    fn titles(mut list: Vec<Project>, sort: ProjectSort) -> Vec<String> {
        sort_projects(&mut list, sort);
        list.into_iter().map(|p| p.title).collect()
    }

    #[test]
    fn free_text_matches_every_word_case_insensitively() {
        let p = project("Ny velkomstpjece til ÆLDRE", Phase::Idea, None);
        let hay = search_text(&p);
        let q = |text: &str| ProjectQuery {
            text: text.into(),
            ..ProjectQuery::default()
        };
        assert!(Matcher::new(&q("ældre pjece")).matches(&p, &hay));
        assert!(Matcher::new(&q("PÅRØRENDE")).matches(&p, &hay));
        assert!(!Matcher::new(&q("ældre workshop")).matches(&p, &hay));
    }

    #[test]
    fn lists_combine_with_and_values_with_or() {
        let p = project("A", Phase::Involvement, None);
        let hay = search_text(&p);
        let mut q = ProjectQuery {
            phases: vec![Phase::Idea, Phase::Involvement],
            ..ProjectQuery::default()
        };
        assert!(Matcher::new(&q).matches(&p, &hay));
        q.kinds = vec![ProjectKind::Workflow];
        assert!(!Matcher::new(&q).matches(&p, &hay));
        q.kinds = vec![ProjectKind::Service];
        q.archive = ArchiveFilter::Archived;
        assert!(!Matcher::new(&q).matches(&p, &hay));
    }

    #[test]
    fn deadline_sort_puts_missing_deadlines_last() {
        let list = vec![
            project("Uden frist", Phase::Idea, None),
            project("Sen", Phase::Idea, Some((2027, 1, 1))),
            project("Tidlig", Phase::Idea, Some((2026, 2, 1))),
        ];
        assert_eq!(
            titles(list, ProjectSort::Deadline),
            ["Tidlig", "Sen", "Uden frist"]
        );
    }

    #[test]
    fn title_sort_is_danish() {
        let list = vec![
            project("Åbent hus", Phase::Idea, None),
            project("Ærlig snak", Phase::Idea, None),
            project("Ændring", Phase::Idea, None),
            project("Basis", Phase::Idea, None),
        ];
        assert_eq!(
            titles(list, ProjectSort::Title),
            ["Basis", "Ændring", "Ærlig snak", "Åbent hus"]
        );
    }
}
