//! Closed vocabularies: every code the exchange format, the database and the UI share.
//!
//! Each list is declared once with [`codes!`], which gives the enum, its wire code,
//! a parser and the full list, so a code can never drift between layers.

/// Declares a closed list of codes with their wire spelling.
#[macro_export]
macro_rules! codes {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name { $($variant),+ }

        impl $name {
            /// Every code, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code as written in the exchange format and the database.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a wire code; `None` when the code is not in the list.
            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The allowed codes, for error messages.
            pub fn expected() -> String {
                [$($code),+].join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    codes! {
        enum Colour { Red = "red", Blue = "blue" }
    }

    #[test]
    fn codes_round_trip() {
        for c in Colour::ALL {
            assert_eq!(Colour::parse(c.code()), Some(*c));
        }
        assert_eq!(Colour::parse("green"), None);
        assert_eq!(Colour::expected(), "red, blue");
    }
}
