//! Text helpers shared by validation and search.

use super::error::{FieldError, Rule};

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
