//! Pages that are not part of a feature: home, easy read, accessibility statement, and the
//! easy-read layout (a picture beside each point) the public pages share.

mod accessibility;
mod easy_read;
mod home;
mod points;

pub use accessibility::AccessibilityPage;
pub use easy_read::EasyReadPage;
pub use home::HomePage;
pub use points::{EasyPoints, Picture, Point};
