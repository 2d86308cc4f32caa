//! Text helpers shared by validation and search.

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::error::{AppError, FieldError, Rule};

/// The first year a date may lie in: anything earlier is taken for a typing error.
pub const YEAR_MIN: i32 = 2000;
/// The last year a date may lie in.
pub const YEAR_MAX: i32 = 2100;

/// Parses an optional `YYYY-MM-DD`; empty text is no date. Records `invalid_date` on `field`,
/// or `out_of_range` when the year is outside [`YEAR_MIN`]–[`YEAR_MAX`].
pub fn parse_date(
    field: &str,
    text: Option<&str>,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) if year_in_range(date.year()) => Some(date),
        Ok(_) => {
            errors.push(FieldError::new(field, Rule::OutOfRange));
            None
        }
        Err(_) => {
            errors.push(FieldError::new(field, Rule::InvalidDate));
            None
        }
    }
}

/// Whether `year` lies in [`YEAR_MIN`]–[`YEAR_MAX`].
pub fn year_in_range(year: i32) -> bool {
    (YEAR_MIN..=YEAR_MAX).contains(&year)
}

/// A year asked for (a report's), checked: `out_of_range` on `field` outside
/// [`YEAR_MIN`]–[`YEAR_MAX`].
pub fn checked_year(field: &str, year: i32) -> Result<i32, AppError> {
    if year_in_range(year) {
        Ok(year)
    } else {
        Err(AppError::invalid(field, Rule::OutOfRange))
    }
}

/// Records `in_future` on `field` when `date` lies after `today`.
pub fn not_in_future(
    field: &str,
    date: Option<NaiveDate>,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) {
    if date.is_some_and(|d| d > today) {
        errors.push(FieldError::new(field, Rule::InFuture));
    }
}

/// Whether `text` holds a control character other than a line break or a tab (NUL, bell,
/// escape, DEL, C1 controls …): such characters cannot be seen, printed or exported safely.
pub fn has_invalid_characters(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
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

/// Trims a list of short labels (tags, themes), drops case-insensitive repeats, and checks
/// each label (`required` when blank, `invalid_characters`, `too_long`) and the count.
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
            errors.push(FieldError::new(field, Rule::Required));
            return clean;
        }
        // A label is one line: no control characters at all, tabs and line breaks included.
        if label.chars().any(char::is_control) {
            errors.push(FieldError::new(field, Rule::InvalidCharacters));
            return clean;
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
/// rejected when `required`; control characters other than line breaks and tabs are
/// rejected always (`invalid_characters`), so a text of nothing but them is refused too.
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
    } else if has_invalid_characters(trimmed) {
        errors.push(FieldError::new(field, Rule::InvalidCharacters));
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
    fn control_characters_are_rejected_but_line_breaks_and_tabs_are_not() {
        for bad in [
            "\u{0001}\u{0007}",
            "\t\u{0000}",
            "Titel\u{001b}[31m",
            "a\u{007f}",
            "x\u{0085}y",
        ] {
            let mut errors = Vec::new();
            checked("title", bad, true, 200, &mut errors);
            assert_eq!(
                errors,
                vec![FieldError::new("title", Rule::InvalidCharacters)],
                "{bad:?}"
            );
        }
        let mut errors = Vec::new();
        checked("title", "\u{000b}\u{000c} ", true, 200, &mut errors);
        assert_eq!(errors, vec![FieldError::new("title", Rule::Required)]);
        let mut errors = Vec::new();
        let kept = checked("summary", "Linje 1\r\n\tLinje 2", false, 200, &mut errors);
        assert!(errors.is_empty());
        assert_eq!(kept, "Linje 1\r\n\tLinje 2");
    }

    #[test]
    fn labels_may_not_be_blank_or_hold_control_characters() {
        let mut errors = Vec::new();
        checked_labels("themes", &["sprog".into(), " ".into()], 50, 10, &mut errors);
        assert_eq!(errors, vec![FieldError::new("themes", Rule::Required)]);
        let mut errors = Vec::new();
        checked_labels("themes", &["a\tb".into()], 50, 10, &mut errors);
        assert_eq!(
            errors,
            vec![FieldError::new("themes", Rule::InvalidCharacters)]
        );
    }

    #[test]
    fn dates_lie_between_2000_and_2100() {
        let mut errors = Vec::new();
        assert!(parse_date("date", Some("2000-01-01"), &mut errors).is_some());
        assert!(parse_date("date", Some("2100-12-31"), &mut errors).is_some());
        assert!(errors.is_empty());
        assert_eq!(parse_date("date", Some("1999-12-31"), &mut errors), None);
        assert_eq!(parse_date("date", Some("2101-01-01"), &mut errors), None);
        assert_eq!(
            errors,
            vec![
                FieldError::new("date", Rule::OutOfRange),
                FieldError::new("date", Rule::OutOfRange)
            ]
        );
        assert!(checked_year("year", 2026).is_ok());
        for bad in [-5, 1999, 2101] {
            assert_eq!(
                checked_year("year", bad).expect_err("out of range").code(),
                "validation"
            );
        }
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
