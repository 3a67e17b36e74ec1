//! The policy clock: every deadline the DSR and C(E)TR policy sets for a person, computed
//! from their state and the timescales (each a setting). Pure: no database, no clock.

mod clock;
mod dues;
mod record_state;
mod rules;
mod timescales;

pub use clock::{Admission, ClockState, DueItem, DueStatus};
pub use dues::{NextDue, PolicyDue};
pub use record_state::last_discharge;
pub use rules::Rule;
pub use timescales::PolicyTimescales;
