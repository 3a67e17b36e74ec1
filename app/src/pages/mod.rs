//! Pages that are not part of a feature: home, accessibility statement, not found.

mod accessibility;
mod home;

pub use accessibility::AccessibilityPage;
pub use home::HomePage;
