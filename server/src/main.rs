//! `dsr`: the Digital Dynamic Support Register server binary.

use app::{
    models::uk_today,
    state::AppState,
    store::{audit, people, Db},
};
use clap::Parser;
use server::{
    admin, audit_check, backup,
    cli::{AdminCommand, AuditCommand, Cli, Command},
    config::{Config, LogFormat},
    demo,
    router::router,
};
use std::{future::IntoFuture, process::ExitCode};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("dsr: {error}");
            return ExitCode::FAILURE;
        }
    };
    let format = config.log_format;
    server::logging::init(format);
    match run(cli, config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            match format {
                LogFormat::Json => server::logging::fatal(&error),
                LogFormat::Text => eprintln!("dsr: {error}"),
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli, mut config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let command = cli.command.unwrap_or(Command::Serve { demo: false });
    check_before_opening(&command, &config)?;
    let db = Db::connect(&config.database_url, config.max_connections).await?;
    db.migrate().await?;
    let today = uk_today(chrono::Utc::now());
    let demo = matches!(
        command,
        Command::Serve { demo: true } | Command::SeedDemo { .. }
    );
    let in_service = config
        .settings
        .public_origin
        .as_deref()
        .is_some_and(|o| o.starts_with("https:"));
    if demo && in_service {
        return Err(DEMO_IN_SERVICE.into());
    }
    match command {
        Command::Migrate => {
            println!("migrations applied");
        }
        Command::Admin {
            command: AdminCommand::Create { email, name },
        } => {
            let id = admin::create(&db, &config.secret_key()?, &email, &name).await?;
            println!("administrator {email} created ({id})");
        }
        Command::Audit {
            command: AuditCommand::Verify { checkpoint },
        } => {
            let checked =
                audit_check::verify(&db, &config.existing_secret_key()?, &checkpoint).await?;
            println!("{checked}");
        }
        Command::Audit {
            command: AuditCommand::Checkpoint { append },
        } => {
            let checkpoint = audit::checkpoint(&db, &config.existing_secret_key()?).await?;
            if let Some(path) = append {
                use std::io::Write;
                let mut file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                writeln!(file, "{checkpoint}").map_err(|e| format!("{}: {e}", path.display()))?;
            }
            println!("{checkpoint}");
        }
        Command::Backup { to } => {
            let held = backup::backup(&db, &to).await?;
            println!("backed up to {}: {held}", to.display());
        }
        Command::Restore { from, force } => {
            let file = config.sqlite_file().ok_or(backup::ON_POSTGRES)?;
            let key = config.existing_secret_key()?;
            let held = backup::restore(db, &file, &from, force).await?;
            // An older backup is brought up to this version's schema, and its audit
            // trail checked.
            let db = Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            let checked = audit_check::verify(&db, &key, &[]).await?;
            println!("restored {}: {held}; {checked}", from.display());
        }
        Command::SeedDemo {
            people: count,
            seed,
        } => {
            let added = demo::seed(&db, count, seed, today, &config.settings).await?;
            println!("added {added} fictional people (seed {seed})");
            demo_staff(&db).await?;
        }
        Command::Serve { demo } => {
            config.settings.secret_key = config.secret_key()?;
            if demo && people::count(&db).await? == 0 {
                let added = demo::seed(&db, demo::DEMO_PEOPLE, 1, today, &config.settings).await?;
                tracing::info!(added, "empty register filled with fictional demo people");
                demo_staff(&db).await?;
            }
            let policy = &config.settings.policy;
            let computed = app::store::policy_dues::refresh_uncomputed(&db, policy, today).await?;
            if computed > 0 {
                tracing::info!(
                    computed,
                    "what the policy asks computed for earlier records"
                );
            }
            let options = server::site::options(&config.site_root, config.site_addr);
            let monitoring = Monitoring {
                token: config.metrics_token.clone(),
                addr: config.metrics_addr,
            };
            let grace = config.shutdown_grace;
            let state = AppState::start(db, config.settings).await?;
            serve(state, options, monitoring, grace).await?;
        }
    }
    Ok(())
}

/// Why `serve --demo` and `seed-demo` refuse a public `https` origin.
const DEMO_IN_SERVICE: &str = "demo data adds staff accounts whose password is published: `serve --demo` and `seed-demo` are refused when DSR_PUBLIC_ORIGIN is an https address (a register in service)";

/// Adds the demo staff and says how to sign in as them.
async fn demo_staff(db: &Db) -> Result<(), Box<dyn std::error::Error>> {
    let people = app::store::people::first_by_name(db, 5).await?;
    let password = server::demo_staff::seed(db, &people).await?;
    println!("demo accounts (password \"{password}\"):");
    for (email, name, _, role, _) in server::demo_staff::ACCOUNTS {
        println!("  {email}  {name}, {}", role.label());
    }
    let referrals = server::demo_referrals::seed(db, app::store::timestamp_now()).await?;
    println!("{referrals} demo referrals in the triage inbox");
    Ok(())
}

/// Where the operator's metrics are served (see `server::metrics`).
struct Monitoring {
    token: Option<String>,
    addr: Option<std::net::SocketAddr>,
}

/// Refuses, before the register is opened (opening an SQLite file that is not there makes
/// a new, empty one), what would act on the wrong register or without the portal's key:
/// a backup or audit check of a register that does not exist (run without the portal's
/// settings, it would report on an empty one), and a restore without the key its audit
/// trail is checked with.
fn check_before_opening(
    command: &Command,
    config: &Config,
) -> Result<(), Box<dyn std::error::Error>> {
    match command {
        Command::Backup { .. } | Command::Audit { .. } => config.existing_register(),
        Command::Restore { .. } => config.existing_secret_key().map(drop),
        _ => Ok(()),
    }
}

/// Serves until SIGTERM or Ctrl-C; then stops taking connections, ends the live feeds
/// with a retry hint (their browsers reconnect, through the load balancer, elsewhere),
/// gives requests in flight up to `grace` to finish, closes the database and returns.
async fn serve(
    state: AppState,
    options: leptos::prelude::LeptosOptions,
    monitoring: Monitoring,
    grace: std::time::Duration,
) -> Result<(), Box<dyn std::error::Error>> {
    // Tasks a page render spawns log within its request's span.
    let _ = any_spawner::Executor::init_custom_executor(server::observe::SpanExecutor);
    let site_root = std::path::PathBuf::from(options.site_root.as_ref());
    let script = server::site::script(&site_root);
    if !script.is_file() {
        tracing::error!(
            missing = %script.display(),
            "the built site is not there, so pages will not become interactive: set LEPTOS_SITE_ROOT to the folder `cargo leptos build` made (target/site), or copy it as `site` beside the binary"
        );
    }
    let addr = options.site_addr;
    let app = router(state.clone(), options).layer(axum::Extension(server::metrics::MetricsToken(
        monitoring.token,
    )));
    let listener = server::router::listen(addr).await?;
    let addr = axum::serve::Listener::local_addr(&listener)?;
    if let Some(addr) = monitoring.addr {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let metrics = server::metrics::monitoring_router(state.clone());
        tracing::info!(%addr, "serving metrics");
        tokio::spawn(async move { axum::serve(listener, metrics).await });
    }
    tracing::info!(%addr, backend = ?state.db.backend(), site = %site_root.display(), "serving the Dynamic Support Register");
    // The figures' past month ends, worked out once in the background (see
    // `keep_month_ends`), so the first ask of a day's figures is as quick as the next.
    let db = state.db.clone();
    tokio::spawn(async move {
        let today = app::models::uk_today(chrono::Utc::now());
        match app::figures::gather::keep_month_ends(&db, today).await {
            Ok(ends) => tracing::info!(ends, "figures: month ends kept"),
            Err(error) => tracing::warn!(%error, "figures: month ends not worked out"),
        }
    });
    let (stopping, mut stopped) = tokio::sync::watch::channel(false);
    let feed = state.feed.clone();
    let server = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        tracing::info!(
            grace_seconds = grace.as_secs(),
            "stopping: no new connections; live feeds told to reconnect; requests in flight may finish"
        );
        feed.close();
        let _ = stopping.send(true);
    });
    let cut = async {
        let _ = stopped.wait_for(|stop| *stop).await;
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        served = server.into_future() => served?,
        () = cut => tracing::warn!("requests still in flight after the grace period were cut"),
    }
    let _ = tokio::time::timeout(grace, state.db.close()).await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
