//! Text helpers shared by validation and search.

use chrono::{NaiveDate, NaiveTime};

use super::error::{FieldError, Rule};

/// Parses an optional `YYYY-MM-DD`; empty text is no date. Records `invalid_date` on `field`.
pub fn parse_date(
    field: &str,
    text: Option<&str>,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            errors.push(FieldError::new(field, Rule::InvalidDate));
            None
        }
    }
}

/// Parses a required `YYYY-MM-DD`, recording `required` or `invalid_date` on `field`.
pub fn parse_required_date(
    field: &str,
    text: &str,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        errors.push(FieldError::new(field, Rule::Required));
        return None;
    }
    parse_date(field, Some(text), errors)
}

/// Parses a required `HH:MM` (24-hour clock), recording `required` or `invalid_time`.
pub fn parse_time(field: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<NaiveTime> {
    let text = text.trim();
    if text.is_empty() {
        errors.push(FieldError::new(field, Rule::Required));
        return None;
    }
    let parsed = NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H.%M"));
    if parsed.is_err() {
        errors.push(FieldError::new(field, Rule::InvalidTime));
    }
    parsed.ok()
}

/// Trims a list of short labels (tags, themes), drops empty ones and case-insensitive
/// repeats, and checks each label's length and the count.
pub fn checked_labels(
    field: &str,
    labels: &[String],
    max_chars: usize,
    max_count: usize,
    errors: &mut Vec<FieldError>,
) -> Vec<String> {
    let mut clean: Vec<String> = Vec::new();
    for label in labels {
        let label = label.trim();
        if label.is_empty() {
            continue;
        }
        if label.chars().count() > max_chars {
            errors.push(FieldError::with_limit(field, Rule::TooLong, max_chars));
            return clean;
        }
        if !clean.iter().any(|t| fold(t) == fold(label)) {
            clean.push(label.to_owned());
        }
    }
    if clean.len() > max_count {
        errors.push(FieldError::with_limit(field, Rule::TooMany, max_count));
    }
    clean
}

/// Trims a field and checks its length in characters (not bytes). An empty result is
/// rejected when `required`.
pub fn checked(
    field: &str,
    value: &str,
    required: bool,
    max_chars: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let trimmed = value.trim();
    if required && trimmed.is_empty() {
        errors.push(FieldError::new(field, Rule::Required));
    } else if trimmed.chars().count() > max_chars {
        errors.push(FieldError::with_limit(field, Rule::TooLong, max_chars));
    }
    trimmed.to_owned()
}

/// Lower-cases text for case-insensitive search; Danish letters æ, ø, å fold like any other.
pub fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// A key that sorts text in Danish alphabetical order: case-insensitive, with æ, ø, å after z
/// (in that order), which plain code-point order gets wrong (å < æ < ø).
pub fn danish_sort_key(text: &str) -> Vec<u32> {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'æ' | 'ä' => u32::from('z') + 1,
            'ø' | 'ö' => u32::from('z') + 2,
            'å' => u32::from('z') + 3,
            other => u32::from(other),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_trims_and_counts_characters_not_bytes() {
        let mut errors = Vec::new();
        assert_eq!(
            checked("title", "  Åben dør  ", true, 8, &mut errors),
            "Åben dør"
        );
        assert!(errors.is_empty());
        checked("title", "ææææææææææ", true, 8, &mut errors);
        assert_eq!(
            errors,
            vec![FieldError::with_limit("title", Rule::TooLong, 8)]
        );
    }

    #[test]
    fn blank_required_field_is_rejected() {
        let mut errors = Vec::new();
        checked("title", " \t\n ", true, 200, &mut errors);
        assert_eq!(errors, vec![FieldError::new("title", Rule::Required)]);
    }

    #[test]
    fn danish_order_puts_ae_oe_aa_after_z() {
        let mut words = vec!["Åben", "Ørelyd", "Zebra", "Æble", "abe"];
        words.sort_by_key(|w| danish_sort_key(w));
        assert_eq!(words, vec!["abe", "Zebra", "Æble", "Ørelyd", "Åben"]);
    }

    #[test]
    fn fold_matches_danish_letters_case_insensitively() {
        assert!(fold("PÅRØRENDE ÆBLE").contains(&fold("pårørende æble")));
    }
}
