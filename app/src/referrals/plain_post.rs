//! The self-referral form posted without JavaScript, one page at a time. Each post keeps
//! the page's answers on the server ([`super::kept`]) and sends the browser on (303):
//! to the next question, back to the same page with its problems (`problem=yes`), to
//! "check your answers", or to the confirmation. The checks are the same code the
//! browser runs. Sending uses the draft's idempotency key, which the check page carries
//! in the form: posting it twice, or 50 times at once, makes one referral, and every
//! post after the first shows the same reference.

use super::{
    kept::{self, Found},
    submit,
    wire::PostNotice,
};
use crate::{
    error::AppError,
    models::{check_question, uk_today, Question, ReferralAnswers, LONG_TEXT_MAX},
    state::AppState,
    store::timestamp_now,
};
use axum::http::{HeaderMap, HeaderValue};

/// Where the form lives.
const FORM: &str = "/refer";

/// How a post is answered: a redirect (303) to `location`, setting `cookie` if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    /// The page to go to.
    pub location: String,
    /// A `Set-Cookie` value to send with it.
    pub cookie: Option<HeaderValue>,
}

impl Reply {
    fn to(location: String) -> Reply {
        Reply {
            location,
            cookie: None,
        }
    }
}

/// The form's page `page` (the start page when empty), with `extra` query pairs.
fn address(page: &str, extra: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    if !page.is_empty() {
        pairs.push(("page", page));
    }
    pairs.extend_from_slice(extra);
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if query.is_empty() {
        FORM.to_owned()
    } else {
        format!("{FORM}?{}", query.join("&"))
    }
}

/// The page `page` with `notice` on it.
fn with_notice(page: &str, notice: PostNotice) -> String {
    address(page, &[("notice", notice.code())])
}

/// A posted form's fields.
pub struct Posted<'a>(pub &'a [(String, String)]);

impl Posted<'_> {
    /// The first value of `name`, or empty.
    fn first(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value of `name` (checkboxes).
    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// What keeping one page's answers came to.
enum Kept {
    /// Kept, in the draft found or a new one (with the cookie that names it until it
    /// expires, and a notice when earlier answers were expected but not found).
    Saved {
        answers: Box<ReferralAnswers>,
        cookie: HeaderValue,
        notice: Option<PostNotice>,
    },
    /// The draft was sent already: nothing changed.
    AlreadySent,
    /// A new draft was needed, but this client has started too many this hour.
    TooMany,
}

/// Times a save is tried again after another request (another tab) changed the draft.
const SAVE_TRIES: usize = 5;

/// The most characters of one answer kept: twice what any question takes, so an answer
/// too long is kept to be shortened (its page says by how much), and no post stores more.
const KEPT_CHARS: usize = 2 * LONG_TEXT_MAX;

/// `answers` with the answers `posted` for `questions`, each cut to [`KEPT_CHARS`].
fn apply(answers: &mut ReferralAnswers, questions: &[Question], posted: &Posted<'_>) {
    let cut = |text: String| text.chars().take(KEPT_CHARS).collect::<String>();
    for field in questions.iter().flat_map(|q| q.fields()) {
        if *field == "risk_factors" {
            answers.risk_factors = posted
                .all(field)
                .into_iter()
                .take(crate::models::RiskFactor::ALL.len())
                .map(|code| code.chars().take(64).collect())
                .collect();
        } else {
            answers.set(field, cut(posted.first(field)));
        }
    }
}

/// Keeps the answers `posted` for `questions` in the draft the request's cookie names,
/// or in a new one (keyed `key` when it is a valid idempotency key: the browser's own
/// draft's, so both copies send as one referral). Saves made at once (two tabs) are
/// each applied to what the other left: none is lost.
async fn keep(
    state: &AppState,
    headers: &HeaderMap,
    client: &str,
    questions: &[Question],
    key: Option<&str>,
    posted: &Posted<'_>,
) -> Result<Kept, AppError> {
    let now = timestamp_now();
    // A copy from the browser under another key is another referral: a new draft.
    let same = |found: &Found| key.is_none_or(|k| k == found.kept.key);
    let (mut found, notice) = match kept::find(state, headers, now).await?.filter(same) {
        Some(found) => (found, None),
        None => {
            let restarted = kept::has_cookie(headers) || questions[0] != Question::FAMILY[0];
            match kept::start(state, &ReferralAnswers::default(), client, now, key).await {
                Ok(found) => (found, restarted.then_some(PostNotice::Restarted)),
                Err(AppError::TooManyAttempts) => return Ok(Kept::TooMany),
                Err(other) => return Err(other),
            }
        }
    };
    for _ in 0..SAVE_TRIES {
        if found.kept.receipt.is_some() {
            return Ok(Kept::AlreadySent);
        }
        let mut answers = found.kept.answers.clone();
        apply(&mut answers, questions, posted);
        if kept::save(state, &found, &answers, now).await? {
            return Ok(Kept::Saved {
                answers: Box::new(answers),
                cookie: found.cookie(state, now),
                notice,
            });
        }
        // Changed, sent or deleted by another request since it was read.
        match found.read_again(state, now).await? {
            Some(again) => found = again,
            None => return Ok(Kept::AlreadySent),
        }
    }
    Err(AppError::Busy)
}

/// One question page posted: its answers kept, then on to the next page, or back with
/// its problems. A post with no draft found (expired, deleted, forged or missing cookie)
/// starts a new draft with this page's answers and says the earlier ones were not found;
/// a post after sending changes nothing and goes to the confirmation.
pub async fn answer(
    state: &AppState,
    headers: &HeaderMap,
    client: &str,
    posted: Posted<'_>,
) -> Result<Reply, AppError> {
    let slug = posted.first("page");
    let Some(question) = Question::from_slug(&slug, false) else {
        return Ok(Reply::to(address("", &[])));
    };
    let from_check = posted.first("from") == "check";
    let (answers, cookie, notice) = match keep(state, headers, client, &[question], None, &posted)
        .await?
    {
        Kept::Saved {
            answers,
            cookie,
            notice,
        } => (answers, cookie, notice),
        Kept::AlreadySent => return Ok(Reply::to(with_notice("sent", PostNotice::AlreadySent))),
        Kept::TooMany => return Ok(Reply::to(with_notice(&slug, PostNotice::TooMany))),
    };
    let mut extra: Vec<(&str, &str)> = Vec::new();
    if let Some(notice) = notice {
        extra.push(("notice", notice.code()));
    }
    let problems = check_question(question, &answers, false, uk_today(timestamp_now()));
    let location = if !problems.is_empty() {
        extra.push(("problem", "yes"));
        if from_check {
            extra.push(("from", "check"));
        }
        address(&slug, &extra)
    } else if from_check {
        address("check", &extra)
    } else {
        let position = Question::FAMILY.iter().position(|q| *q == question);
        let next = position
            .and_then(|i| Question::FAMILY.get(i + 1))
            .map_or("check", |q| q.slug());
        address(next, &extra)
    };
    Ok(Reply {
        location,
        cookie: Some(cookie),
    })
}

/// Answers given in the browser (with JavaScript), copied whole to the server as pages
/// posted without it would have been, so a family whose scripts stop working half way
/// finds them on the server's pages. The copy is keyed with the browser draft's `key`,
/// and each copy replaces the last (so copies arriving out of order lose nothing).
/// Returns the cookie to set, if a draft was started.
pub async fn copy_from_browser(
    state: &AppState,
    headers: &HeaderMap,
    client: &str,
    key: &str,
    answers: &ReferralAnswers,
) -> Result<Option<HeaderValue>, AppError> {
    let fields: Vec<(String, String)> = Question::FAMILY
        .iter()
        .flat_map(|q| q.fields())
        .filter(|f| **f != "risk_factors")
        .map(|f| ((*f).to_owned(), answers.get(f)))
        .collect();
    match keep(
        state,
        headers,
        client,
        Question::FAMILY,
        Some(key),
        &Posted(&fields),
    )
    .await?
    {
        Kept::Saved { cookie, .. } => Ok(Some(cookie)),
        Kept::AlreadySent | Kept::TooMany => Ok(None),
    }
}

/// "Check your answers" posted: the kept answers sent once, under the key the page
/// carried (which must be the draft's), then the confirmation. Answers with problems go
/// back to the check page, which lists them; a refusal keeps every answer.
pub async fn send(
    state: &AppState,
    headers: &HeaderMap,
    client: &str,
    posted: Posted<'_>,
) -> Result<Reply, AppError> {
    let now = timestamp_now();
    let Some(found) = kept::find(state, headers, now).await? else {
        return Ok(Reply::to(with_notice("", PostNotice::Missing)));
    };
    if found.kept.receipt.is_some() {
        return Ok(Reply::to(address("sent", &[])));
    }
    if posted.first("key") != found.kept.key {
        return Ok(Reply::to(with_notice("check", PostNotice::NotSent)));
    }
    let sent = submit::receive(
        state,
        &found.kept.key,
        &found.kept.answers,
        None,
        &posted.first("website"),
        client,
    )
    .await;
    Ok(Reply::to(match sent {
        Ok(receipt) => {
            kept::mark_sent(state, &found.id, &receipt.reference).await?;
            return Ok(Reply {
                location: address("sent", &[]),
                cookie: Some(found.session_cookie()),
            });
        }
        Err(AppError::Invalid(_)) => address("check", &[("problem", "yes")]),
        Err(AppError::TooManyAttempts) => with_notice("check", PostNotice::TooMany),
        Err(other) => {
            tracing::warn!(error = %other, "a self-referral posted without JavaScript was not sent");
            with_notice("check", PostNotice::NotSent)
        }
    }))
}

/// "Delete my answers" confirmed, or "Refer someone else" after sending (`then=new`):
/// the kept draft and its cookie are deleted (the browser's copy, if any, was deleted
/// by the page as it posted), and the start page says the answers went.
pub async fn delete(
    state: &AppState,
    headers: &HeaderMap,
    posted: Posted<'_>,
) -> Result<Reply, AppError> {
    if let Some(found) = kept::find(state, headers, timestamp_now()).await? {
        kept::delete(state, &found.id).await?;
    }
    Ok(Reply {
        location: if posted.first("then") == "new" {
            address("", &[])
        } else {
            with_notice("", PostNotice::Deleted)
        },
        cookie: Some(kept::clear_cookie()),
    })
}
