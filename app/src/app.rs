//! The HTML shell and the router.

use crate::{
    accounts::{
        AccountsPage, ChangePasswordPage, JoinDonePage, JoinPage, PasswordChangedPage,
        SessionsPage, SettingsPage,
    },
    actions::{AddActionPage, MyActionsPage, UpdateActionPage},
    audit_trail::AuditPage,
    auth::{
        enrolment::{AuthenticatorPage, SetUpCodePage},
        guard::{
            StaffOnly, ADMIN_STAFF, ALL_STAFF, COORDINATOR_STAFF, FIGURES_STAFF, REGISTER_STAFF,
        },
        login::LoginPage,
        reset::{ResetDonePage, ResetPasswordPage},
        signed_in::SignedInProvider,
        two_factor::CodePage,
    },
    error::AppError,
    figures::{
        names_page::{NamesPage, NamesReadyPage},
        page::FiguresPage,
    },
    layout::{Footer, Header, Problem, SkipLink},
    meeting::{AttendancePage, MeetingPage, MeetingsPage, MinutesPage, SetUpMeetingPage},
    pages::{AccessibilityPage, EasyReadPage, HomePage},
    people::{
        ClosedPage, ConsentPage, ContactPage, CtrConsentPage, CtrOutcomePage, CtrPlanPage,
        DetailsPage, DiagnosisPage, HistoryPage, KeyworkerPage, LeavePage, NarrativePage,
        PersonPage, RemoveContactPage, ReviewPage, RisksPage, RootCausePage, WhereTheyLivePage,
    },
    referrals::{
        triage::{AcceptPage, InboxPage, ReferralPage},
        ReferralForm,
    },
    register::{BoardPage, BriefViewsPage},
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    lazy_route, path, Lazy, LazyRoute, SsrMode,
};

/// The content security policy of a page whose scripts carry `nonce`: scripts only from
/// this site or with the nonce, WebAssembly allowed, nothing framed, no plugins.
#[cfg(feature = "ssr")]
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         font-src 'self' https://assets.nhs.uk; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// The document around every page. On the server it also sends the page's content
/// security policy, naming the nonce its scripts carry.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(value) = axum::http::HeaderValue::from_str(&page_policy(&nonce)) {
            response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/nhsuk/assets/images/favicon.ico" sizes="48x48"/>
                <link rel="icon" href="/nhsuk/assets/images/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href="/nhsuk/nhsuk-frontend.min.css"/>
                <link rel="stylesheet" href=format!("/pkg/{}.css", options.output_name)/>
                <AutoReload options=options.clone()/>
                {needs_client_code().then(|| view! { <HydrationScripts options/> })}
                // Marks a browser that runs scripts before anything is drawn (see
                // `feed::FeedStatusLine`).
                <script nonce=leptos::nonce::use_nonce() inner_html="document.documentElement.classList.add('dsr-js')"></script>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Pages that work fully as the server draws them load no client code, so a family's
/// first visit stays light: the public pages, the referral form's start page and its
/// confirmation. The form itself loads it (for its browser draft), as do staff pages.
fn needs_client_code() -> bool {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<axum::http::request::Parts>() {
        let page = parts
            .uri
            .query()
            .unwrap_or_default()
            .split('&')
            .find_map(|pair| pair.strip_prefix("page="));
        return match parts.uri.path() {
            "/" | "/accessibility" | "/easy-read" => false,
            "/refer" => !matches!(page, None | Some("sent")),
            _ => true,
        };
    }
    true
}

/// The application: frame and routes. Pages with personal data render on the server
/// with their data in the HTML (`SsrMode::Async`), so they work without JavaScript.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        // Every page's title is escaped in the server's HTML: it may hold a person's name.
        <Title formatter=crate::layout::server_escaped/>
        <Router>
          <SignedInProvider>
            <SkipLink/>
            <Header/>
            <div class="nhsuk-width-container">
                <main class="nhsuk-main-wrapper" id="maincontent">
                    <Routes fallback=|| view! { <Problem error=AppError::NotFound/> }>
                        <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/register") view={Lazy::<BoardRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/register/meeting") view={Lazy::<MeetingRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/meetings") view={Lazy::<MeetingsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/meetings/new") view={Lazy::<SetUpMeetingRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/meetings/:id/attendance") view={Lazy::<AttendanceRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/meetings/:id/minutes") view={Lazy::<MinutesRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/register/agencies") view={Lazy::<BriefViewsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id") view={Lazy::<PersonRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/narrative") view={Lazy::<NarrativeRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/keyworker") view={Lazy::<KeyworkerRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/details") view={Lazy::<DetailsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/diagnosis") view={Lazy::<DiagnosisRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/home") view={Lazy::<WhereTheyLiveRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/contacts/new") view={Lazy::<ContactRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/contacts/:contact") view={Lazy::<ContactRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/contacts/:contact/remove") view={Lazy::<RemoveContactRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/risks") view={Lazy::<RisksRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/root-cause") view={Lazy::<RootCauseRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/consent") view={Lazy::<ConsentRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/leave") view={Lazy::<LeaveRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/review") view={Lazy::<ReviewRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/history") view={Lazy::<HistoryRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/actions/new") view={Lazy::<AddActionRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/actions/:action") view={Lazy::<UpdateActionRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/actions") view={Lazy::<MyActionsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/ctrs/new") view={Lazy::<CtrPlanRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/ctrs/:ctr") view={Lazy::<CtrPlanRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/ctrs/:ctr/consent") view={Lazy::<CtrConsentRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/people/:id/ctrs/:ctr/outcome") view={Lazy::<CtrOutcomeRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/register/closed") view={Lazy::<ClosedRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/refer") view={Lazy::<ReferRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/register/refer") view={Lazy::<ProfessionalReferRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/triage") view={Lazy::<InboxRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/triage/:id") view={Lazy::<ReferralRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/triage/:id/accept") view={Lazy::<AcceptRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/accessibility") view={Lazy::<AccessibilityRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/easy-read") view={Lazy::<EasyReadRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/login/code") view={Lazy::<CodeRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/login/set-up-code") view={Lazy::<SetUpCodeRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/join") view={Lazy::<JoinRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/join/done") view=JoinDonePage ssr=SsrMode::Async/>
                        <Route path=path!("/login/reset") view={Lazy::<ResetRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/login/reset/done") view=ResetDonePage ssr=SsrMode::Async/>
                        <Route path=path!("/account/sessions") view={Lazy::<SessionsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/account/password") view={Lazy::<PasswordRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/account/password/changed") view=|| view! { <StaffOnly roles=ALL_STAFF><PasswordChangedPage/></StaffOnly> } ssr=SsrMode::Async/>
                        <Route path=path!("/account/authenticator") view={Lazy::<AuthenticatorRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/accounts") view={Lazy::<AccountsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/settings") view={Lazy::<SettingsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/audit") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/figures") view={Lazy::<FiguresRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/figures/names") view={Lazy::<NamesRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/figures/names/ready") view={Lazy::<NamesReadyRoute>::new()} ssr=SsrMode::Async/>
                    </Routes>
                </main>
            </div>
            <Footer/>
          </SignedInProvider>
        </Router>
    }
}

/// A page whose code is split out of the main WebAssembly file and loaded when it is
/// first opened (with `cargo leptos build --split`): pages most visitors never open.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $view:expr) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                $view.into_any()
            }
        }
    };
}

lazy_page!(
    /// `/join`: registering for an account.
    JoinRoute => view! { <JoinPage/> }
);
lazy_page!(
    /// `/login/set-up-code`: setting up an authenticator app.
    SetUpCodeRoute => view! { <SetUpCodePage/> }
);
lazy_page!(
    /// `/account/sessions`: one's own sessions.
    SessionsRoute => view! { <StaffOnly roles=ALL_STAFF><SessionsPage/></StaffOnly> }
);
lazy_page!(
    /// `/account/password`: changing one's password.
    PasswordRoute => view! { <StaffOnly roles=ALL_STAFF><ChangePasswordPage/></StaffOnly> }
);
lazy_page!(
    /// `/account/authenticator`: replacing one's authenticator app.
    AuthenticatorRoute => view! { <StaffOnly roles=ALL_STAFF><AuthenticatorPage/></StaffOnly> }
);
lazy_page!(
    /// `/login/reset`: a new password with a reset code.
    ResetRoute => view! { <ResetPasswordPage/> }
);
lazy_page!(
    /// `/admin/accounts`: approvals and accounts.
    AccountsRoute => view! { <StaffOnly roles=ADMIN_STAFF><AccountsPage/></StaffOnly> }
);
lazy_page!(
    /// `/admin/settings`: the two-factor rule and agencies.
    SettingsRoute => view! { <StaffOnly roles=ADMIN_STAFF><SettingsPage/></StaffOnly> }
);
lazy_page!(
    /// `/admin/audit`: the audit trail.
    AuditRoute => view! { <StaffOnly roles=ADMIN_STAFF><AuditPage/></StaffOnly> }
);
lazy_page!(
    /// `/figures`: the register's figures.
    FiguresRoute => view! { <StaffOnly roles=FIGURES_STAFF><FiguresPage/></StaffOnly> }
);
lazy_page!(
    /// `/figures/names`: asking for a list with names.
    NamesRoute => view! { <StaffOnly roles=COORDINATOR_STAFF><NamesPage/></StaffOnly> }
);
lazy_page!(
    /// `/figures/names/ready`: downloading the list asked for.
    NamesReadyRoute => view! { <StaffOnly roles=COORDINATOR_STAFF><NamesReadyPage/></StaffOnly> }
);
lazy_page!(
    /// `/register/meeting`: the DSR meeting view.
    MeetingRoute => view! { <StaffOnly roles=REGISTER_STAFF><MeetingPage/></StaffOnly> }
);
lazy_page!(
    /// `/meetings`: DSR meetings as records.
    MeetingsRoute => view! { <StaffOnly roles=REGISTER_STAFF><MeetingsPage/></StaffOnly> }
);
lazy_page!(
    /// `/meetings/new`: setting up a DSR meeting.
    SetUpMeetingRoute => view! { <StaffOnly roles=COORDINATOR_STAFF><SetUpMeetingPage/></StaffOnly> }
);
lazy_page!(
    /// `/meetings/{id}/attendance`: a meeting's attendance.
    AttendanceRoute => view! { <StaffOnly roles=REGISTER_STAFF><AttendancePage/></StaffOnly> }
);
lazy_page!(
    /// `/meetings/{id}/minutes`: a meeting's minutes.
    MinutesRoute => view! { <StaffOnly roles=REGISTER_STAFF><MinutesPage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}`: a person's record.
    PersonRoute => view! { <StaffOnly roles=REGISTER_STAFF><PersonPage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/narrative`: change the record's current issues and views.
    NarrativeRoute => view! { <StaffOnly roles=REGISTER_STAFF><NarrativePage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/keyworker`: change the record's keyworker.
    KeyworkerRoute => view! { <StaffOnly roles=REGISTER_STAFF><KeyworkerPage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/details`: change the person's details.
    DetailsRoute => view! { <StaffOnly roles=REGISTER_STAFF><DetailsPage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/diagnosis`: change the diagnosis and other conditions.
    DiagnosisRoute => view! { <StaffOnly roles=REGISTER_STAFF><DiagnosisPage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/home`: change where the person lives.
    WhereTheyLiveRoute => view! { <StaffOnly roles=REGISTER_STAFF><WhereTheyLivePage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/contacts/new` and `/people/{id}/contacts/{contact}`: add or change a
    /// family member or carer.
    ContactRoute => view! { <StaffOnly roles=REGISTER_STAFF><ContactPage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/contacts/{contact}/remove`: remove a family member or carer.
    RemoveContactRoute => view! { <StaffOnly roles=REGISTER_STAFF><RemoveContactPage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/risks`: change the risk factors.
    RisksRoute => view! { <StaffOnly roles=REGISTER_STAFF><RisksPage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/root-cause`: the root-cause review of an admission.
    RootCauseRoute => view! { <StaffOnly roles=REGISTER_STAFF><RootCausePage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/consent`: a consent check, or reopening a closed record.
    ConsentRoute => view! { <StaffOnly roles=REGISTER_STAFF><ConsentPage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/leave`: taking someone off the register.
    LeaveRoute => view! { <StaffOnly roles=REGISTER_STAFF><LeavePage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/review`: recording a review's outcome.
    ReviewRoute => view! { <StaffOnly roles=REGISTER_STAFF><ReviewPage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/actions/new`: add an action.
    AddActionRoute => view! { <StaffOnly roles=REGISTER_STAFF><AddActionPage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/actions/{action}`: update an action.
    UpdateActionRoute => view! { <StaffOnly roles=REGISTER_STAFF><UpdateActionPage/></StaffOnly> }
);
lazy_page!(
    /// `/actions`: "My actions".
    MyActionsRoute => view! { <StaffOnly roles=REGISTER_STAFF><MyActionsPage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/ctrs/new` and `/people/{id}/ctrs/{ctr}`: plan a C(E)TR, or change its plan.
    CtrPlanRoute => view! { <StaffOnly roles=REGISTER_STAFF><CtrPlanPage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/ctrs/{ctr}/consent`: consent to a C(E)TR.
    CtrConsentRoute => view! { <StaffOnly roles=REGISTER_STAFF><CtrConsentPage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/ctrs/{ctr}/outcome`: the outcome of a C(E)TR.
    CtrOutcomeRoute => view! { <StaffOnly roles=REGISTER_STAFF><CtrOutcomePage/></StaffOnly> }
);
lazy_page!(
    /// `/people/{id}/history`: every change to a record.
    HistoryRoute => view! { <StaffOnly roles=REGISTER_STAFF><HistoryPage/></StaffOnly> }
);
lazy_page!(
    /// `/register/closed`: closed records.
    ClosedRoute => view! { <StaffOnly roles=COORDINATOR_STAFF><ClosedPage/></StaffOnly> }
);
lazy_page!(
    /// `/register`: the live register board (its code is loaded by staff pages only, so a
    /// family's form never downloads it).
    BoardRoute => view! { <StaffOnly roles=REGISTER_STAFF><BoardPage/></StaffOnly> }
);
lazy_page!(
    /// `/login`: signing in.
    LoginRoute => view! { <LoginPage/> }
);
lazy_page!(
    /// `/`: the public home page (drawn by the server; its code is loaded only when a
    /// page with client code links back to it).
    HomeRoute => view! { <HomePage/> }
);
lazy_page!(
    /// `/accessibility`: the accessibility statement.
    AccessibilityRoute => view! { <AccessibilityPage/> }
);
lazy_page!(
    /// `/easy-read`: easy-read information to print for families.
    EasyReadRoute => view! { <EasyReadPage/> }
);
lazy_page!(
    /// `/login/code`: the second factor.
    CodeRoute => view! { <CodePage/> }
);
lazy_page!(
    /// `/refer`: the self-referral form (kept for use offline by the service worker).
    ReferRoute => view! { <ReferralForm professional=false/> }
);
lazy_page!(
    /// `/register/refer`: a professional's referral.
    ProfessionalReferRoute => view! { <StaffOnly roles=REGISTER_STAFF><ReferralForm professional=true/></StaffOnly> }
);
lazy_page!(
    /// `/triage`: the triage inbox.
    InboxRoute => view! { <StaffOnly roles=COORDINATOR_STAFF><InboxPage/></StaffOnly> }
);
lazy_page!(
    /// `/triage/{id}`: one referral.
    ReferralRoute => view! { <StaffOnly roles=COORDINATOR_STAFF><ReferralPage/></StaffOnly> }
);
lazy_page!(
    /// `/register/agencies`: agencies' wider brief views.
    BriefViewsRoute => view! { <StaffOnly roles=COORDINATOR_STAFF><BriefViewsPage/></StaffOnly> }
);
lazy_page!(
    /// `/triage/{id}/accept`: accepting a referral onto the register.
    AcceptRoute => view! { <StaffOnly roles=COORDINATOR_STAFF><AcceptPage/></StaffOnly> }
);
