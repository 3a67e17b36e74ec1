//! `/figures/names`: asking for a list with names in it, with a reason; then
//! `/figures/names/ready`: its download (made, and audited, when downloaded).

use super::names::{AskForNames, NamesList, REASON_MAX};
use crate::{
    auth::shown_once::refused_form,
    drafts::DraftedForm,
    layout::{field_error, summary_for, title_text, CountedText, RadiosField},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Where the list itself is downloaded.
pub const DOWNLOAD: &str = "/figures/names/download";

/// The page asking which list and why.
#[component]
pub fn NamesPage() -> impl IntoView {
    let action = ServerAction::<AskForNames>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let refused = refused_form(None);
    let gone = use_query_map().with_untracked(|q| q.get_str("gone").is_some());
    let lists: Vec<(String, String)> = NamesList::ALL
        .iter()
        .map(|l| (l.code().to_owned(), l.label().to_owned()))
        .collect();
    view! {
        <Title text=title_text(move || format!("{}Download a list with names - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }))/>
        <a class="nhsuk-back-link" href="/figures">"Back to the figures"</a>
        {move || error.get().map(|e| summary_for(&e, "list"))}
        <h1>"Download a list with names"</h1>
        {gone.then(|| view! {
            <div class="nhsuk-inset-text">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>"That list was downloaded already, or asked for more than 10 minutes ago. Ask for it again."</p>
            </div>
        })}
        <p>"These lists hold people's names and health details. Download one only when you need it, keep it somewhere secure, and delete it when you no longer need it."</p>
        <p>"Your reason is kept in the audit trail with the download and how many people or actions it held."</p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                let lists = lists.clone();
                Suspend::new(async move {
                    if let Some(kept) = refused {
                        if let Some(kept) = kept.await {
                            provide_context(kept);
                        }
                    }
                    view! {
                        <DraftedForm action name="names-export">
                            <RadiosField name="list" legend="Which list do you need?" options=lists error=field_error(error, "list")/>
                            <CountedText name="reason" label="Why do you need it?" value="" max=REASON_MAX
                                hint="For example: the monthly return to NHS England, checked against our records." error=field_error(error, "reason")/>
                            <button class="nhsuk-button" type="submit">"Continue"</button>
                        </DraftedForm>
                    }
                })
            }}
        </Suspense>
    }
}

/// The page with the download, once a list is asked for.
#[component]
pub fn NamesReadyPage() -> impl IntoView {
    view! {
        <Title text="Your list is ready - Dynamic Support Register"/>
        <h1>"Your list is ready"</h1>
        <p>"The list is made as it downloads, with the register as it is at that moment. It can be downloaded once: to download it again, ask for it again."</p>
        <p><a class="nhsuk-button" href=DOWNLOAD rel="external">"Download the list (CSV)"</a></p>
        <p><a href="/figures">"Back to the figures"</a></p>
    }
}
