//! Who is signed in, read once per navigation and provided to every component that
//! shows it (the header, forms that keep drafts per account, the meeting view).

use crate::{error::AppError, models::Me};
use leptos::prelude::*;

/// The signed-in user, if any.
#[server(prefix = "/api", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    Ok(crate::auth::caller().ok().map(|c| Me {
        id: c.id,
        name: c.name,
        role: c.role,
    }))
}

/// The signed-in user as a resource, read again on every navigation (so signing in or
/// out shows at once); provided once, by [`SignedInProvider`] at the app's root.
#[derive(Clone, Copy)]
pub struct SignedIn(pub Resource<Result<Option<Me>, AppError>>);

/// Provides [`SignedIn`] to its children: used once, at the root, inside the router.
#[component]
pub fn SignedInProvider(children: Children) -> impl IntoView {
    let path = leptos_router::hooks::use_location().pathname;
    let me = Resource::new_blocking(move || path.get(), |_| current_user());
    provide_context(SignedIn(me));
    children()
}

/// The signed-in user, as provided by [`SignedInProvider`].
pub fn use_signed_in() -> SignedIn {
    expect_context::<SignedIn>()
}
