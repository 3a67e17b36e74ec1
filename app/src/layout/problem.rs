//! A page-level problem: not found, or something went wrong.

use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// Shows `error` as the page's content and sets the response status on the server.
#[component]
pub fn Problem(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(
            axum::http::StatusCode::from_u16(error.status())
                .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    let (title, body, link) = match error {
        AppError::NotFound => ("Page not found", "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.".to_owned(), ("/register", "Go to the register board")),
        AppError::Unauthorised => ("Sign in to continue", "This page is for staff who have signed in. If you were signed in, your session has ended: sign in again.".to_owned(), ("/login", "Sign in")),
        AppError::Forbidden => ("You cannot see this page", "Your account does not give access to this page or record. If you need it, ask the LDA team.".to_owned(), ("/", "Go to the home page")),
        other => ("Sorry, there is a problem with the service", other.to_string(), ("/register", "Go to the register board")),
    };
    view! {
        <Title text=format!("{title} - Dynamic Support Register")/>
        <h1>{title}</h1>
        <p>{body}</p>
        <p><a href=link.0>{link.1}</a></p>
    }
}
