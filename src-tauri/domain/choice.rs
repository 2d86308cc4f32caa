//! Enumerations whose values come from a fixed list ("choices"). Each has a stable
//! snake_case name used in JSON, in storage and in the UI catalogue, and `ALL` in list order.

/// Declares a choice enum with its snake_case names in list order.
macro_rules! choice_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in the order the UI lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Parses the snake_case name; `None` for anything not in the list.
            pub fn parse(text: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }
    };
}

pub(crate) use choice_enum;

/// Parses a required choice, recording `invalid_choice` on `field` when it is not in the list.
pub fn parse_choice<T: Copy>(
    field: &str,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    errors: &mut Vec<super::error::FieldError>,
) -> Option<T> {
    let value = parse(text.trim());
    if value.is_none() {
        errors.push(super::error::FieldError::new(
            field,
            super::error::Rule::InvalidChoice,
        ));
    }
    value
}
