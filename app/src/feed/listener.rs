//! PostgreSQL LISTEN/NOTIFY: other instances' commits wake this instance's pump.

use crate::store::CHANGES_CHANNEL;
use sqlx::postgres::{PgListener, PgPool};
use std::time::Duration;
use tokio::sync::watch;

/// Listens on the changes channel until the feed stops. Every notification calls `wake`
/// (which wakes the pump); so does every reconnection, because notifications sent while the connection was
/// down are lost and the pump must catch up from the log.
pub(super) async fn listen_for_changes(
    pool: PgPool,
    wake: impl Fn() + Send + 'static,
    mut stopped: watch::Receiver<()>,
) {
    loop {
        let mut listener = tokio::select! {
            connected = connect(&pool) => match connected {
                Ok(listener) => listener,
                Err(error) => {
                    tracing::warn!(%error, "change listener could not connect; retrying");
                    tokio::select! {
                        _ = tokio::time::sleep(Duration::from_secs(1)) => continue,
                        _ = stopped.changed() => return,
                    }
                }
            },
            _ = stopped.changed() => return,
        };
        // Anything committed before LISTEN took effect is read now.
        wake();
        loop {
            tokio::select! {
                received = listener.try_recv() => match received {
                    Ok(Some(_)) => wake(),
                    // The connection dropped and was re-established: catch up.
                    Ok(None) => wake(),
                    Err(error) => {
                        tracing::warn!(%error, "change listener lost its connection; reconnecting");
                        wake();
                        break;
                    }
                },
                _ = stopped.changed() => return,
            }
        }
    }
}

async fn connect(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANGES_CHANNEL).await?;
    Ok(listener)
}
