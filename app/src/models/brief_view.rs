//! An agency's wider brief view: whose brief cards its professionals see beyond the
//! people they are linked to. A coordinator's setting, off by default.

use serde::{Deserialize, Serialize};

/// Whose brief cards an agency's professionals see besides their linked people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BriefView {
    /// Nobody else (the default).
    #[default]
    Off,
    /// Every child on the register.
    Children,
    /// Every adult on the register.
    Adults,
    /// Everyone on the register.
    All,
}

super::coded_enum!(BriefView {
    Off => ("off", "Only the people they are linked to"),
    Children => ("children", "Brief cards of every child"),
    Adults => ("adults", "Brief cards of every adult"),
    All => ("all", "Brief cards of everyone"),
});
