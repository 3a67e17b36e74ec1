//! `/admin/settings`: the two-factor rule and the agencies professionals belong to.

use crate::{
    accounts::wire::SettingsView,
    error::AppError,
    layout::{field_error, summary_for, Problem, SelectField, TextField},
    models::Sector,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The settings, for admins.
#[server(prefix = "/api", endpoint = "admin_settings")]
pub async fn admin_settings() -> Result<SettingsView, AppError> {
    use crate::{
        auth::{access, caller},
        state::AppState,
        store::{agencies, app_settings},
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "admin_settings", access::ADMINS).await?;
    Ok(SettingsView {
        two_factor_for_all: app_settings::flag(&state.db, app_settings::REQUIRE_TOTP_FOR_ALL)
            .await?,
        agencies: agencies::list(&state.db).await?,
    })
}

/// Requires (or stops requiring) a second factor of every member of staff.
#[server(prefix = "/api", endpoint = "set_two_factor_rule")]
pub async fn set_two_factor_rule(required: bool) -> Result<(), AppError> {
    use crate::{
        auth::{access, caller},
        state::AppState,
        store::app_settings,
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "set_two_factor_rule", access::ADMINS).await?;
    app_settings::set_flag(&state.db, app_settings::REQUIRE_TOTP_FOR_ALL, required).await?;
    let detail = if required {
        "required for all staff"
    } else {
        "required for admins only"
    };
    state
        .audit(
            &caller
                .audit("setting_changed")
                .detail(&format!("two-factor {detail}")),
        )
        .await
}

/// Adds an agency.
#[server(prefix = "/api", endpoint = "add_agency")]
pub async fn add_agency(name: String, sector: String) -> Result<(), AppError> {
    use crate::{
        auth::{access, caller},
        error::FieldError,
        state::AppState,
        store::{agencies, timestamp_now},
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "add_agency", access::ADMINS).await?;
    let name = name.trim().to_owned();
    let sector = sector.parse::<Sector>();
    let mut errors = Vec::new();
    if name.is_empty() || name.chars().count() > 200 {
        errors.push(FieldError {
            field: "name".into(),
            message: "Enter the agency's name (up to 200 characters)".into(),
        });
    }
    if sector.is_err() {
        errors.push(FieldError {
            field: "sector".into(),
            message: "Select the agency's sector".into(),
        });
    }
    let (Ok(sector), true) = (sector, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    if agencies::create(&state.db, &name, sector, timestamp_now())
        .await?
        .is_none()
    {
        return Err(AppError::field(
            "name",
            "An agency with this name already exists",
        ));
    }
    state
        .audit(&caller.audit("agency_added").detail(&name))
        .await
}

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let rule = ServerAction::<SetTwoFactorRule>::new();
    let add = ServerAction::<AddAgency>::new();
    let settings = Resource::new(
        move || (rule.version().get(), add.version().get()),
        |_| admin_settings(),
    );
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Settings - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }))/>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Err(e) => view! { <Problem error=e/> }.into_any(),
                    Ok(s) => view! {
                        {move || error.get().map(|e| summary_for(&e, "name"))}
                        <h1>"Settings"</h1>
                        <h2>"Two-factor sign-in"</h2>
                        <p>{if s.two_factor_for_all {
                            "Everyone must enter a code from an authenticator app when they sign in."
                        } else {
                            "Admins must enter a code from an authenticator app when they sign in. Other staff may choose to."
                        }}</p>
                        <ActionForm action=rule>
                            <input type="hidden" name="required" value=(!s.two_factor_for_all).to_string()/>
                            <button class="nhsuk-button nhsuk-button--secondary" type="submit">
                                {if s.two_factor_for_all { "Require it of admins only" } else { "Require it of all staff" }}
                            </button>
                        </ActionForm>
                        <h2>"Agencies"</h2>
                        <ul class="nhsuk-list nhsuk-list--bullet">
                            {s.agencies.into_iter().map(|a| view! { <li>{format!("{} ({})", a.name, a.sector.label())}</li> }).collect_view()}
                        </ul>
                        <h3>"Add an agency"</h3>
                        <ActionForm action=add attr:novalidate=true>
                            <TextField name="name" label="Agency name" error=field_error(error, "name")/>
                            <SelectField name="sector" label="Sector" placeholder="Select a sector" error=field_error(error, "sector")
                                options=Sector::options()/>
                            <button class="nhsuk-button" type="submit">"Add agency"</button>
                        </ActionForm>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
