//! The referral form: a start page, one page per question, "check your answers" and the
//! confirmation. Every answer is kept in a browser draft ([`crate::drafts`]), so the form
//! survives closed tabs and lost connections, and a send is made exactly once.
//!
//! A family's form also works without JavaScript: the server draws every page in full,
//! each page posts to the server ([`super::plain_post`]), which keeps the answers
//! between pages, and the pages show what it kept. With JavaScript the same pages are
//! handled in the browser, which takes over anything the server kept.

mod check_answers;
mod help_now;
mod inputs;
mod questions;
mod start_page;

pub use check_answers::{answer_rows, AnswerList};
pub use questions::Subject;

use super::{
    submit::submit_referral,
    wire::{KeptReferral, PostNotice, Receipt},
};
use crate::{
    auth::signed_in::current_user,
    drafts::{DraftForm, DraftNotice, DraftState, Owner, ResumeChoice, Sender, WaitingPanel},
    error::AppError,
    layout::ErrorSummary,
    models::{check_question, count_of, validate_referral, Question, ReferralAnswers},
};
use help_now::HelpNow;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use questions::{question_view, today};
use start_page::start_view;
use std::sync::Arc;

/// A referral form's draft.
pub type ReferralDraft = DraftForm<ReferralAnswers, Receipt>;

/// What the form shows, apart from the page asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// The browser's storage has not been read yet (and on the server): the same for
    /// every page of the form, so a copy kept for use offline opens on any of them.
    Starting,
    /// The pages of the form.
    Form,
    /// Answers from an earlier visit: continue or start again?
    Offer,
    /// A send waiting for the connection.
    Waiting,
}

/// The whole form, for a family (`/refer`) or a signed-in professional (`/register/refer`).
#[component]
pub fn ReferralForm(professional: bool) -> impl IntoView {
    let base = if professional {
        "/register/refer"
    } else {
        "/refer"
    };
    // Decided on the server and handed to the browser inside the page (also in the copy
    // kept for use offline).
    let days = SharedValue::new(draft_days).into_inner();
    let honeypot = RwSignal::new(String::new());
    let sender: Sender<ReferralAnswers, Receipt> = Arc::new(move |key, writer, answers| {
        Box::pin(submit_referral(
            key,
            answers,
            professional,
            honeypot.get_untracked(),
            writer,
        ))
    });
    let (storage_key, owner) = if professional {
        let owner: Owner =
            Arc::new(|| Box::pin(async { Ok(current_user().await?.map(|me| me.id)) }));
        ("professional-referral", Some(owner))
    } else {
        ("dsr-draft:self-referral", None)
    };
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(|q| q.get("page").unwrap_or_default()));
    let from_check = Memo::new(move |_| query.with(|q| q.get("from").as_deref() == Some("check")));
    // What the server kept of a family's form, and whether this is the copy of the form
    // kept for use offline (drawn the same for every page until the browser has looked
    // at its storage). Both decided on the server and handed to the browser in the page.
    let kept =
        // (Not on the start page, which loads no client code: nothing to hand over.)
        SharedValue::new(move || {
            (!professional && !page.get_untracked().is_empty())
                .then(kept_in_request)
                .flatten()
        })
        .into_inner();
    let offline_copy = SharedValue::new(move || page.get_untracked() == OFFLINE_COPY).into_inner();
    let draft = DraftForm::new(
        storage_key,
        days,
        owner,
        sender,
        kept.as_ref()
            .filter(|k| k.receipt.is_none())
            .map(|k| (k.key.clone(), k.answers.clone())),
    );
    if !professional {
        keep_for_offline_use();
    }
    // What happened to a page posted without JavaScript: for the page it led to only.
    let notice = Memo::new(move |_| {
        query
            .with(|q| q.get("notice"))
            .as_deref()
            .and_then(PostNotice::from_code)
    });
    let problem = query.with_untracked(|q| q.get("problem").as_deref() == Some("yes"));
    // Until the browser has read its storage, a family's page is drawn from what the
    // server kept (so it works without JavaScript); a professional's waits.
    let drawn_by_server = !professional && !offline_copy;
    let mode = Memo::new(move |_| match draft.state.get() {
        DraftState::Starting if drawn_by_server => Mode::Form,
        DraftState::Starting => Mode::Starting,
        DraftState::Offered => Mode::Offer,
        DraftState::Waiting | DraftState::Sending => Mode::Waiting,
        _ => Mode::Form,
    });
    // A page posted without JavaScript with problems comes back with `problem=yes`: its
    // problems are found again from the answers kept.
    let errors = RwSignal::new(
        Question::from_slug(&page.get_untracked(), professional)
            .filter(|_| problem)
            .map(|q| {
                draft
                    .answers
                    .with_untracked(|a| check_question(q, a, professional, today()))
            })
            .unwrap_or_default(),
    );
    let deleted = RwSignal::new(notice.get_untracked() == Some(PostNotice::Deleted));
    // A new page starts without errors, and (after the first) takes focus to the main
    // content, as a page load would, so screen readers start at the new page.
    Effect::new(move |previous: Option<()>| {
        page.track();
        if previous.is_some() {
            errors.set(Vec::new());
            crate::layout::focus_main();
        }
    });
    let navigate = use_navigate();
    let go = Callback::new(move |slug: String| {
        let href = if slug.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?page={slug}")
        };
        navigate(&href, Default::default());
    });
    let questions = Question::all(professional);
    let first_unanswered = move || {
        questions
            .iter()
            .find(|q| {
                draft
                    .answers
                    .with_untracked(|a| !check_question(**q, a, professional, today()).is_empty())
            })
            .map_or("check", |q| q.slug())
    };
    let on_resume = Callback::new(move |()| {
        draft.resume();
        // Opened at the start (Start now leads to the first question): on to the first
        // question left to answer.
        let at = page.get_untracked();
        if at.is_empty() || at == questions[0].slug() {
            go.run(first_unanswered().to_owned());
        }
    });
    let on_delete = Callback::new(move |()| {
        draft.delete();
        deleted.set(true);
        go.run(String::new());
    });
    let delete_href = format!("{base}?page={DELETE_PAGE}");
    // "Start again" on the answers found deletes them: asked first, like any delete.
    let ask_to_delete = Callback::new(move |()| {
        draft.resume();
        go.run(DELETE_PAGE.to_owned());
    });
    let on_restart = Callback::new(move |()| {
        draft.discarded.set(false);
        go.run(String::new());
    });
    let draft_notice = move || view! { <DraftNotice days kept=draft.kept.into() delete_href=delete_href.clone()/> };
    let kept_receipt = kept.as_ref().and_then(|k| k.receipt.clone());
    // Answers this browser kept for a referral since sent without JavaScript (the same
    // key) are not offered again: they are deleted, and the reference shown.
    if let Some((sent_key, receipt)) = kept
        .as_ref()
        .and_then(|k| Some((k.key.clone(), k.receipt.clone()?)))
    {
        Effect::new(move |_| {
            if draft.state.get() == DraftState::Offered && draft.key().as_deref() == Some(&sent_key)
            {
                draft.delete();
                draft.sent.set(Some(receipt.clone()));
            }
        });
    }
    let kept_key = kept.map(|k| k.key).unwrap_or_default();
    view! {
        {professional.then(|| view! {
            <noscript>
                <div class="nhsuk-warning-callout">
                    <h2 class="nhsuk-warning-callout__label">"This form needs JavaScript"</h2>
                    <p>"Turn on JavaScript to fill in the form."</p>
                </div>
            </noscript>
        })}
        {move || {
            if let Some(receipt) = draft.sent.get() {
                return sent_view(receipt, professional).into_any();
            }
            if page.get() == SENT_PAGE {
                return match kept_receipt.clone() {
                    Some(receipt) => view! {
                        <PostNoticeBanner notice=notice.get()/>
                        {sent_view(receipt, professional)}
                    }.into_any(),
                    None => view! { <crate::layout::Problem error=AppError::NotFound/> }.into_any(),
                };
            }
            if draft.discarded.get() {
                return discarded_view(on_restart).into_any();
            }
            match mode.get() {
                Mode::Starting => view! {
                    <Title text="Refer to the Dynamic Support Register"/>
                    <p class="dsr-loading">"Opening the form…"</p>
                }.into_any(),
                Mode::Offer => view! {
                    <Title text="Continue your form - Dynamic Support Register"/>
                    <h1>"Continue your form"</h1>
                    <ResumeChoice on_resume on_restart=ask_to_delete/>
                }.into_any(),
                Mode::Waiting => view! {
                    <Title text="Your form is waiting to be sent - Dynamic Support Register"/>
                    <h1>"Your form is waiting to be sent"</h1>
                    <WaitingPanel sending=Signal::derive(move || draft.state.get() == DraftState::Sending) on_retry=Callback::new(move |()| draft.try_send())/>
                    {draft_notice()}
                }.into_any(),
                Mode::Form => {
                    let slug = page.get();
                    if slug.is_empty() {
                        return view! {
                            <PostNoticeBanner notice=notice.get().filter(|n| *n != PostNotice::Deleted)/>
                            {start_view(base, professional, deleted.get_untracked(), questions[0])}
                        }.into_any();
                    }
                    // Back to "check your answers" after sending without JavaScript: the
                    // referral, not a Send button over answers that are gone.
                    if let Some(receipt) = kept_receipt.clone().filter(|_| slug == "check") {
                        return view! {
                            <PostNoticeBanner notice=Some(PostNotice::AlreadySent)/>
                            {sent_view(receipt, professional)}
                        }.into_any();
                    }
                    if slug == "check" {
                        return view! {
                            <PostNoticeBanner notice=notice.get()/>
                            <CheckPage draft professional base honeypot key=kept_key.clone() problem/>
                            {draft_notice()}
                        }.into_any();
                    }
                    if slug == DELETE_PAGE {
                        return delete_view(base, professional, on_delete, draft).into_any();
                    }
                    let Some(question) = Question::from_slug(&slug, professional) else {
                        return view! { <crate::layout::Problem error=AppError::NotFound/> }.into_any();
                    };
                    let position = questions.iter().position(|q| *q == question).unwrap_or(0);
                    let back = if from_check.get_untracked() {
                        "check".to_owned()
                    } else {
                        position.checked_sub(1).map_or(String::new(), |i| questions[i].slug().to_owned())
                    };
                    let next = if from_check.get_untracked() { "check" } else { questions.get(position + 1).map_or("check", |q| q.slug()) };
                    let subject = Subject::of(draft, professional);
                    let on_submit = move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let found = draft.answers.with_untracked(|a| check_question(question, a, professional, today()));
                        if found.is_empty() {
                            if !professional {
                                copy_to_server(draft);
                            }
                            go.run(next.to_owned());
                        } else {
                            errors.set(found);
                        }
                    };
                    view! {
                        <Title text=crate::layout::title_text(move || format!("{}{} - Dynamic Support Register", if errors.with(|e| e.is_empty()) { "" } else { "Error: " }, title_of(question, professional)))/>
                        <a class="nhsuk-back-link" href=if back.is_empty() { base.to_owned() } else { format!("{base}?page={back}") }>"Back"</a>
                        <div class="nhsuk-grid-row">
                            <div class="nhsuk-grid-column-two-thirds">
                                {move || {
                                    let items: Vec<(String, String)> = errors.get().into_iter().map(|e| (format!("#{}", field_id(&e.field)), e.message)).collect();
                                    (!items.is_empty()).then(|| view! { <ErrorSummary items/> })
                                }}
                                <PostNoticeBanner notice=notice.get()/>
                                <form novalidate method="post" action=(!professional).then_some("/refer/answer") on:submit=on_submit>
                                    <input type="hidden" name="page" value=question.slug()/>
                                    {from_check.get_untracked().then(|| view! { <input type="hidden" name="from" value="check"/> })}
                                    {question_view(draft, question, subject, errors)}
                                    <button class="nhsuk-button" type="submit">"Continue"</button>
                                </form>
                                {draft_notice()}
                            </div>
                        </div>
                    }.into_any()
                }
            }
        }}
    }
}

/// Copies a family's answers to the server's kept draft, in the background, so they are
/// there if scripts stop working half way (offline, or refused: the browser's draft
/// still has them).
fn copy_to_server(draft: ReferralDraft) {
    if let Some(key) = draft.key() {
        let answers = draft.answers.get_untracked();
        leptos::task::spawn_local(async move {
            let _ = super::copy_answers::copy_referral_answers(key, answers).await;
        });
    }
}

/// Days a draft is kept after its last change, from the settings.
fn draft_days() -> u32 {
    #[cfg(feature = "ssr")]
    return crate::state::AppState::current()
        .map(|s| s.settings.referrals.draft_days)
        .unwrap_or_else(|_| crate::models::ReferralTerms::default().draft_days);
    #[cfg(not(feature = "ssr"))]
    crate::models::ReferralTerms::default().draft_days
}

/// Registers the service worker that keeps the self-referral form for use offline.
fn keep_for_offline_use() {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let options = web_sys::RegistrationOptions::new();
        options.set_scope("/refer");
        let _ = window()
            .navigator()
            .service_worker()
            .register_with_options("/refer-sw.js", &options);
    });
}

/// The id an error about `field` links to (the date's first box for the whole date).
fn field_id(field: &str) -> String {
    format!("field-{field}")
}

/// The page title of `question`.
fn title_of(question: Question, professional: bool) -> &'static str {
    match question {
        Question::ForWhom => "Who are you referring?",
        Question::Name => "Name",
        Question::DateOfBirth => "Date of birth",
        Question::NhsNumber => "NHS number",
        Question::Diagnosis => "Diagnosis",
        Question::Home => "Where they live now",
        Question::WhatsHappening => "What is happening",
        Question::Urgency if professional => "How urgent is this referral?",
        Question::Urgency => "How urgent is this?",
        Question::CurrentIssues => "Current issues and what has been tried",
        Question::Risk => "Risk and suggested rating",
        Question::OthersInvolved => "Who else is involved",
        Question::Contact if professional => "Who to contact",
        Question::Contact => "How can we contact you?",
        Question::Consent => "Agreeing to join the register",
    }
}

/// The check-your-answers page and the send button. A family's page posts to the server
/// without JavaScript, carrying the kept draft's `key`; `problem` (a post refused for its
/// answers) lists the answers' problems from the start.
#[component]
fn CheckPage(
    draft: ReferralDraft,
    professional: bool,
    base: &'static str,
    honeypot: RwSignal<String>,
    key: String,
    problem: bool,
) -> impl IntoView {
    let found = move || {
        draft
            .answers
            .with_untracked(|a| validate_referral(a, professional, today()))
            .err()
    };
    let problems = RwSignal::new(
        problem
            .then(found)
            .flatten()
            .map(|fields| problem_links(&AppError::Invalid(fields), base, professional))
            .unwrap_or_default(),
    );
    // A refusal from the server is shown like a problem found here.
    Effect::new(move |_| {
        if let Some(refusal) = draft.refused.get() {
            problems.set(problem_links(&refusal, base, professional));
        }
    });
    let subject = Subject::of(draft, professional);
    let rows = draft
        .answers
        .with_untracked(|a| answer_rows(a, subject, professional));
    let last = Question::all(professional)
        .last()
        .expect("questions")
        .slug();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match found() {
            None => {
                problems.set(Vec::new());
                draft.submit();
            }
            Some(fields) => problems.set(problem_links(
                &AppError::Invalid(fields),
                base,
                professional,
            )),
        }
    };
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Check your answers - Dynamic Support Register", if problems.with(|p| p.is_empty()) { "" } else { "Error: " }))/>
        <a class="nhsuk-back-link" href=format!("{base}?page={last}")>"Back"</a>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                {move || {
                    let items = problems.get();
                    (!items.is_empty()).then(|| view! { <ErrorSummary items/> })
                }}
                <h1>"Check your answers before sending"</h1>
                <AnswerList rows base/>
                <h2>"Now send your referral"</h2>
                <p>"By sending this form, you confirm the answers are correct to the best of your knowledge."</p>
                <form novalidate method="post" action=(!professional).then_some("/refer/send") on:submit=send>
                    {(!professional).then(|| view! { <input type="hidden" name="key" value=key/> })}
                    <div class="dsr-honeypot" aria-hidden="true">
                        <label for="field-website">"Leave this empty"</label>
                        <input id="field-website" name="website" type="text" tabindex="-1" autocomplete="off"
                            on:input=move |ev| honeypot.set(event_target_value(&ev))/>
                    </div>
                    <button class="nhsuk-button" type="submit">"Send referral"</button>
                </form>
            </div>
        </div>
    }
}

/// Error-summary items for `error`: each field message links to its question page.
fn problem_links(error: &AppError, base: &str, professional: bool) -> Vec<(String, String)> {
    match error {
        AppError::Invalid(fields) => fields
            .iter()
            .map(|f| {
                let page = Question::asking(&f.field)
                    .filter(|q| Question::all(professional).contains(q))
                    .map_or("check", |q| q.slug());
                (format!("{base}?page={page}&from=check"), f.message.clone())
            })
            .collect(),
        other => vec![("#maincontent".to_owned(), other.to_string())],
    }
}

/// A queued referral deleted unsent because another account signed in on this browser.
fn discarded_view(on_restart: Callback<()>) -> impl IntoView {
    view! {
        <Title text="Your referral was not sent - Dynamic Support Register"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <h1>"Your referral was not sent"</h1>
                <div class="nhsuk-warning-callout" role="alert">
                    <h2 class="nhsuk-warning-callout__label">
                        <span class="nhsuk-u-visually-hidden">"Important: "</span>"Someone else signed in on this browser"
                    </h2>
                    <p>"A referral was waiting to be sent, but a different account is now signed in on this browser. We did not send it, and we have deleted its answers from this device."</p>
                    <p>"If the referral was yours, sign in with your own account and fill in the form again."</p>
                </div>
                <button type="button" class="nhsuk-button" on:click=move |_| on_restart.run(())>"Start a new referral"</button>
            </div>
        </div>
    }
}

/// The confirmation, with the reference and what happens next.
fn sent_view(receipt: Receipt, professional: bool) -> impl IntoView {
    view! {
        <Title text="Referral sent - Dynamic Support Register"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <div class="nhsuk-panel dsr-panel--confirmation">
                    <h1 class="nhsuk-panel__title">"Referral sent"</h1>
                    <div class="nhsuk-panel__body">"Your reference number is"<br/><strong class="dsr-reference">{receipt.reference}</strong></div>
                </div>
                <p>"Write down the reference number. Quote it if you contact us."</p>
                <h2>"What happens next"</h2>
                <p>{format!("The learning disability and autism team (the LDA team) will be in touch within {}.", count_of(receipt.contact_days, "working day", "working days"))}</p>
                {if professional {
                    view! { <p>"After assessment, the team decides whether the person joins the register, and their rating. If they join, you will be linked to their record."</p> }.into_any()
                } else {
                    view! {
                        <p>"We will talk with you about what is happening and what help is needed."</p>
                        <p>"Your answers are no longer kept on this device."</p>
                        <HelpNow/>
                        <form method="post" action="/refer/delete">
                            <input type="hidden" name="then" value="new"/>
                            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Refer someone else"</button>
                        </form>
                    }.into_any()
                }}
            </div>
        </div>
    }
}

/// "Delete my answers", asked first on a page of its own with a warning button, so one
/// mis-tap does not lose them. A family's page posts, so the server's copy goes too (and
/// the browser's copy as it posts); a professional's draft is only in the browser.
fn delete_view(
    base: &'static str,
    professional: bool,
    on_delete: Callback<()>,
    draft: ReferralDraft,
) -> impl IntoView {
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        if professional {
            ev.prevent_default();
            on_delete.run(());
        } else {
            draft.delete();
        }
    };
    view! {
        <Title text="Are you sure you want to delete your answers? - Dynamic Support Register"/>
        <a class="nhsuk-back-link" href=format!("{base}?page=check")>"Back"</a>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <h1>"Are you sure you want to delete your answers?"</h1>
                <p>"All the answers you have given on this form will be deleted. You cannot get them back."</p>
                <p>"Nothing has been sent to the team yet."</p>
                <form method="post" action=(!professional).then_some("/refer/delete") on:submit=confirm>
                    <div class="nhsuk-button-group">
                        <button class="nhsuk-button nhsuk-button--warning" type="submit">"Yes, delete my answers"</button>
                        <a class="nhsuk-link" href=format!("{base}?page=check")>"No, go back to my answers"</a>
                    </div>
                </form>
            </div>
        </div>
    }
}

/// The page (`?page=`) that asks before deleting the answers.
const DELETE_PAGE: &str = "delete";

/// The confirmation page of a form sent without JavaScript.
const SENT_PAGE: &str = "sent";

/// The page whose copy the service worker keeps for use offline (drawn the same for any
/// page, with nobody's answers).
const OFFLINE_COPY: &str = "offline";

/// The draft the server kept for this request's cookie (on the server; `None` in the
/// browser, which is handed it in the page).
fn kept_in_request() -> Option<KeptReferral> {
    #[cfg(feature = "ssr")]
    return use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<KeptReferral>().cloned());
    #[cfg(not(feature = "ssr"))]
    None
}

/// What happened to a page posted without JavaScript, said at the top of the next page.
#[component]
fn PostNoticeBanner(notice: Option<PostNotice>) -> impl IntoView {
    notice.map(|notice| {
        let missing = format!("We could not find your answers. Answers are deleted {} after you last changed them, or your browser may not be keeping cookies for this site. Start the form again.", count_of(draft_days(), "day", "days"));
        let restarted = format!("Answers are deleted {} after you last changed them, or your browser may not be keeping cookies for this site. We have kept the answer you just gave. Check your answers before you send the form.", count_of(draft_days(), "day", "days"));
        let (heading, text) = match notice {
            PostNotice::Restarted => ("We could not find your earlier answers", restarted.as_str()),
            PostNotice::Missing => ("Your referral has not been sent", missing.as_str()),
            PostNotice::AlreadySent => ("Your referral has already been sent", "We did not change it. If something has changed, tell the team when they contact you, and quote your reference number."),
            PostNotice::Deleted => ("Your answers have been deleted", "Nothing was sent to the team."),
            PostNotice::TooMany => ("Too many forms have been sent from this connection", "Your answers are kept. Wait an hour and try again, or ask a professional who supports you to refer you."),
            PostNotice::NotSent => ("Your referral has not been sent", "Your answers are kept. Check them and send the form again."),
        };
        view! {
            <div class="nhsuk-warning-callout" role="status">
                <h2 class="nhsuk-warning-callout__label">
                    <span class="nhsuk-u-visually-hidden">"Important: "</span>{heading}
                </h2>
                <p>{text.to_owned()}</p>
            </div>
        }
    })
}
