//! Actions agreed for people: adding and updating them on a record, the record's list, and
//! "My actions".

mod add_page;
mod mine_page;
mod on_record;
pub mod save;
mod update_page;

pub use add_page::AddActionPage;
pub use mine_page::MyActionsPage;
pub use on_record::ActionsOnRecord;
pub use update_page::UpdateActionPage;
