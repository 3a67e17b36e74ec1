//! The HTML shell and the router.

use crate::{
    error::AppError,
    layout::{Footer, Header, Problem, SkipLink},
    meeting::MeetingPage,
    pages::{AccessibilityPage, HomePage},
    people::PersonPage,
    register::BoardPage,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="stylesheet" href="/nhsuk/nhsuk-frontend.min.css"/>
                <link rel="stylesheet" href=format!("/pkg/{}.css", options.output_name)/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application: frame and routes. Pages with personal data render on the server
/// with their data in the HTML (`SsrMode::Async`), so they work without JavaScript.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <SkipLink/>
            <Header/>
            <div class="nhsuk-width-container">
                <main class="nhsuk-main-wrapper" id="maincontent">
                    <Routes fallback=|| view! { <Problem error=AppError::NotFound/> }>
                        <Route path=path!("/") view=HomePage/>
                        <Route path=path!("/register") view=BoardPage ssr=SsrMode::Async/>
                        <Route path=path!("/register/meeting") view=MeetingPage ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id") view=PersonPage ssr=SsrMode::Async/>
                        <Route path=path!("/accessibility") view=AccessibilityPage/>
                    </Routes>
                </main>
            </div>
            <Footer/>
        </Router>
    }
}
