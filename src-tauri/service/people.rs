//! Profiles on the embedded database: who uses Samskab on this PC, with which roles. The
//! first profile made is an administrator (and whatever else it is given); the last
//! administrator cannot be removed or lose the role. On the shared database people are
//! logins that IT makes (docs/team-mode.md): these calls are `store.not_local` there.

use crate::domain::error::{AppError, AppResult};
use crate::domain::roles::{Access, Person, PersonInput, Role};
use crate::domain::{new_id, Id};
use crate::store::Store;

/// The profiles.
pub fn all(store: &Store) -> AppResult<Vec<Person>> {
    store.sled()?;
    Ok(store.settings()?.people)
}

fn save(store: &Store, people: Vec<Person>) -> AppResult<()> {
    let _settings = super::settings::changing();
    let mut settings = store.settings()?;
    settings.people = people;
    store.save_settings(&settings)
}

fn last_administrator_goes(people: &[Person]) -> bool {
    !people
        .iter()
        .any(|p| p.roles.contains(&Role::Administrator))
}

/// Adds a profile. While there is none, anyone may make the first, which becomes an
/// administrator and is signed in at once.
pub fn add(store: &Store, input: &PersonInput) -> AppResult<Person> {
    store.sled()?;
    let mut people = store.settings()?.people;
    if !people.is_empty() {
        store.require(Access::People)?;
    }
    let _key_file = crate::store::keyring::changing();
    let mut ring = super::vault::keyring_of(store)?;
    let mut errors = Vec::new();
    let valid = crate::domain::error::gather(input.validated(&people), &mut errors)?;
    if ring.is_some() {
        // An administrator gives the new profile its first passphrase (once: the person
        // changes it at their first sign-in).
        let passphrase = input.passphrase.as_deref().unwrap_or_default();
        crate::domain::error::gather(
            crate::domain::auth::check_new_passphrase(
                "passphrase",
                passphrase,
                "passphrase",
                passphrase,
            ),
            &mut errors,
        )?;
    }
    let Some((name, mut roles)) = valid.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let first = people.is_empty();
    if first && !roles.contains(&Role::Administrator) {
        roles.push(Role::Administrator);
        roles.sort();
    }
    let person = Person {
        id: new_id(),
        name,
        roles,
    };
    people.push(person.clone());
    // The key file first: a profile saved without its passphrase could not sign in.
    if let Some(ring) = &mut ring {
        let passphrase = input.passphrase.as_deref().unwrap_or_default();
        super::vault::give_passphrase(store, ring, &person, passphrase)?;
    }
    save(store, people)?;
    if first {
        store.set_person(Some(person.clone()))?;
    }
    Ok(person)
}

/// Changes a profile's name and roles.
pub fn edit(store: &Store, id: Id, input: &PersonInput) -> AppResult<Person> {
    store.sled()?;
    store.require(Access::People)?;
    let mut people = store.settings()?.people;
    let others: Vec<Person> = people.iter().filter(|p| p.id != id).cloned().collect();
    let (name, roles) = input.validated(&others)?;
    let Some(slot) = people.iter_mut().find(|p| p.id == id) else {
        return Err(AppError::NotFound { entity: "person" });
    };
    slot.name = name;
    slot.roles = roles;
    let edited = slot.clone();
    if last_administrator_goes(&people) {
        return Err(AppError::NotAllowed {
            rule: "last_administrator",
        });
    }
    let _key_file = crate::store::keyring::changing();
    if let Some(mut ring) = super::vault::keyring_of(store)? {
        ring.rename_profile(id, &edited.name);
        ring.write(store.sled()?.dir())?;
    }
    save(store, people)?;
    if store.person().is_some_and(|p| p.id == id) {
        store.set_person(Some(edited.clone()))?;
    }
    Ok(edited)
}

/// Removes a profile (not the last administrator, and not the one signed in).
pub fn remove(store: &Store, id: Id) -> AppResult<()> {
    store.sled()?;
    store.require(Access::People)?;
    if store.person().is_some_and(|p| p.id == id) {
        return Err(AppError::NotAllowed {
            rule: "remove_self",
        });
    }
    let mut people = store.settings()?.people;
    let before = people.len();
    people.retain(|p| p.id != id);
    if people.len() == before {
        return Err(AppError::NotFound { entity: "person" });
    }
    if last_administrator_goes(&people) {
        return Err(AppError::NotAllowed {
            rule: "last_administrator",
        });
    }
    // The slot goes first: from then on the removed profile's passphrase opens nothing.
    let _key_file = crate::store::keyring::changing();
    if let Some(mut ring) = super::vault::keyring_of(store)? {
        ring.remove_profile(id);
        ring.write(store.sled()?.dir())?;
    }
    save(store, people)
}

/// Who is signed in when the embedded database opens: the one profile if there is one,
/// nobody with any role while several wait to be chosen, and no one (everything allowed)
/// while there are none.
pub fn at_start(store: &Store) -> AppResult<()> {
    if store.is_shared() {
        return Ok(());
    }
    let people = store.settings()?.people;
    store.set_person(match people.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        _ => Some(Person::nobody()),
    })
}

/// Signs in as profile `id` (chosen on the start screen of an unencrypted database). On an
/// encrypted database a profile is signed in with its passphrase only (`service::vault`):
/// `not_allowed.passphrase_needed`.
pub fn choose(store: &Store, id: Id) -> AppResult<Person> {
    if store.sled()?.is_encrypted() {
        return Err(AppError::NotAllowed {
            rule: "passphrase_needed",
        });
    }
    let person = store
        .settings()?
        .people
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound { entity: "person" })?;
    store.set_person(Some(person.clone()))?;
    super::audit::note(
        store,
        &person.name,
        crate::domain::audit::AuditAction::SignIn,
        "profile",
        Some(person.id),
        "",
    )?;
    Ok(person)
}
