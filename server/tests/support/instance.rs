//! `dsr serve` as a separate process on a free port, as a region runs it.

use std::process::Stdio;
use tokio::process::{Child, Command};

/// A running `dsr serve`; killed when dropped.
pub struct Instance {
    /// Its base URL.
    pub base: String,
    /// The process.
    pub process: Child,
}

/// The key every test instance seals secrets with (instances of one register share it).
pub const TEST_SECRET_KEY: &str =
    "5d7a0e3c9b1f4a6e8c2d0b7f3e5a9c1d7b3f6e0a2c4d8b1e9f5a3c7d0e2b4f6a";

/// Starts `dsr serve` on `url` with extra `env`, and waits until it is ready.
pub async fn start(url: &str, env: &[(&str, &str)]) -> Instance {
    start_from(env!("CARGO_BIN_EXE_dsr").as_ref(), None, url, env).await
}

/// [`start`], with the server's log (its standard error) written to the file `log`.
pub async fn start_logged(url: &str, env: &[(&str, &str)], log: &std::path::Path) -> Instance {
    let file = std::fs::File::create(log).unwrap();
    launch(
        env!("CARGO_BIN_EXE_dsr").as_ref(),
        None,
        url,
        env,
        file.into(),
    )
    .await
}

/// [`start`], running the binary `exe` from the folder `cwd` (default: this one).
pub async fn start_from(
    exe: &std::path::Path,
    cwd: Option<&std::path::Path>,
    url: &str,
    env: &[(&str, &str)],
) -> Instance {
    launch(exe, cwd, url, env, Stdio::inherit()).await
}

async fn launch(
    exe: &std::path::Path,
    cwd: Option<&std::path::Path>,
    url: &str,
    env: &[(&str, &str)],
    log: Stdio,
) -> Instance {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut command = Command::new(exe);
    if let Some(cwd) = cwd {
        command.current_dir(cwd);
    }
    let process = command
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env_remove("LEPTOS_SITE_ROOT")
        .env_remove("LEPTOS_OUTPUT_NAME")
        .env("RUST_LOG", "warn")
        .env("DSR_SECRET_KEY", TEST_SECRET_KEY)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(log)
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = tokio::time::Instant::now() + super::sse::PATIENCE * 6;
    loop {
        if let Ok(response) = reqwest::get(format!("{base}/readyz")).await {
            if response.status().is_success() {
                break;
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "instance on {port} did not become ready"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Instance { base, process }
}
