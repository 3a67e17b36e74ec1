//! The fields of a consent record or best-interests decision, and a day-month-year date,
//! shared by accepting a referral, re-checking consent and reopening a record.

use super::{error_message, field_error, start_text, CountedText, RadiosField};
use crate::{
    error::AppError,
    models::{ConsentKind, CONSENT_LONG_MAX, CONSENT_SHORT_MAX},
};
use leptos::prelude::*;

/// A date as three boxes named `{prefix}_day`, `{prefix}_month` and `{prefix}_year`, in a
/// fieldset with `legend`; the error for `{prefix}_day` or `{prefix}_year` shows above.
#[component]
pub fn DateField(
    /// The start of the three fields' names.
    prefix: &'static str,
    /// The question.
    #[prop(into)]
    legend: String,
    /// The last submit's error.
    error: Signal<Option<AppError>>,
    /// The date it starts with.
    #[prop(optional_no_strip)]
    value: Option<chrono::NaiveDate>,
    /// The name of a map the three fields are posted in (`{within}[{prefix}_day]`…).
    #[prop(optional)]
    within: Option<&'static str>,
    /// What was typed (day, month, year), shown instead of `value` when given.
    #[prop(optional)]
    typed: Option<[String; 3]>,
) -> impl IntoView {
    use chrono::Datelike;
    let day = format!("{prefix}_day");
    let year = format!("{prefix}_year");
    let hint_id = format!("{prefix}-hint");
    let message = Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .and_then(|e| e.message_for(&day).or_else(|| e.message_for(&year)))
        })
    });
    let described = super::form::described_by(
        Some(hint_id.clone()),
        format!("field-{prefix}_day-error"),
        message,
        None,
    );
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || message.get().is_some()>
            <fieldset class="nhsuk-fieldset" role="group" aria-describedby=described>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                <div class="nhsuk-hint" id=hint_id>"For example, 27 3 2026"</div>
                {error_message(format!("field-{prefix}_day"), message)}
                <div class="nhsuk-date-input">
                    {[("day", "Day", "2"), ("month", "Month", "2"), ("year", "Year", "4")].into_iter().enumerate().map(|(i, (part, label, width))| {
                        let id = format!("field-{prefix}_{part}");
                        let name = within.map_or_else(|| format!("{prefix}_{part}"), |map| format!("{map}[{prefix}_{part}]"));
                        let start = match &typed {
                            Some(typed) => Some(typed[i].clone()),
                            None => start_text(&name, value.map(|d| match part {
                                "day" => d.day().to_string(),
                                "month" => d.month().to_string(),
                                _ => d.year().to_string(),
                            })),
                        };
                        view! {
                            <div class="nhsuk-date-input__item">
                                <div class="nhsuk-form-group">
                                    <label class="nhsuk-label nhsuk-date-input__label" for=id.clone()>{label}</label>
                                    <input class=format!("nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}")
                                        class:nhsuk-input--error=move || message.get().is_some()
                                        id=id name=name type="text" inputmode="numeric" value=start/>
                                </div>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// Whether the person consented or a best-interests decision was made, who, how or in what
/// role, when, and notes or why: the fields `consent_kind`, `given_by`, `method`,
/// `decided_day|month|year` and `reason` that [`crate::models::ConsentAnswers`] checks.
#[component]
pub fn ConsentFields(
    /// The last submit's error.
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    view! {
        <RadiosField name="consent_kind" legend="What allows them to be on the register?"
            options=ConsentKind::options()
            error=field_error(error, "consent_kind")/>
        <CountedText name="given_by" label="Who gave consent, or who made the decision" line=true value=""
            max=CONSENT_SHORT_MAX hint="For under-16s, someone with parental responsibility." error=field_error(error, "given_by")/>
        <CountedText name="method" label="How consent was given, or the decision-maker's role" line=true value=""
            max=CONSENT_SHORT_MAX hint="For example: in writing, by phone, at a visit; or social worker." error=field_error(error, "method")/>
        <DateField prefix="decided" legend="When" error/>
        <CountedText name="reason" label="Notes, or why being on the register is in their best interests" value=""
            max=CONSENT_LONG_MAX hint="Needed for a best-interests decision. For a child, write their own view here." error=field_error(error, "reason")/>
    }
}
