//! `dsr audit verify`: the audit chain, and its head against checkpoints kept outside the
//! database.

use app::{
    sealed::SecretKey,
    store::{
        audit::{self, ChainCheck, Checkpoint, CheckpointCheck},
        Db,
    },
};

/// Checks the chain with `key` and then each checkpoint in `given` (each a checkpoint line,
/// or a file of them); returns what to print, or an error naming what does not fit.
pub async fn verify(
    db: &Db,
    key: &SecretKey,
    given: &[String],
) -> Result<String, Box<dyn std::error::Error>> {
    let rows = match audit::verify(db, key).await? {
        ChainCheck::Intact { rows } => rows,
        ChainCheck::BrokenAt(row) => {
            return Err(format!(
                "audit trail broken at row {row}: it, or the row before it, was changed \
                 or removed outside the portal (or DSR_SECRET_KEY is not the portal's key)"
            )
            .into())
        }
    };
    let checkpoints = read_checkpoints(key, given)?;
    for checkpoint in &checkpoints {
        match audit::check_checkpoint(db, checkpoint).await? {
            CheckpointCheck::Matches => {}
            CheckpointCheck::Shorter { last } => {
                return Err(format!(
                    "audit trail ends at row {last}, but a checkpoint names row {}: rows were \
                     removed from the end",
                    checkpoint.id
                )
                .into())
            }
            CheckpointCheck::Differs => {
                return Err(format!(
                    "audit trail does not match the checkpoint at row {}: rows up to it were \
                     rewritten outside the portal",
                    checkpoint.id
                )
                .into())
            }
        }
    }
    Ok(format!(
        "audit trail intact: {rows} rows checked, {} checkpoints matched",
        checkpoints.len()
    ))
}

/// The checkpoints in `given`: each item is a file of checkpoint lines if such a file
/// exists, otherwise one checkpoint line. A line that is not a checkpoint signed with
/// `key` is an error (never skipped).
fn read_checkpoints(
    key: &SecretKey,
    given: &[String],
) -> Result<Vec<Checkpoint>, Box<dyn std::error::Error>> {
    let mut checkpoints = Vec::new();
    for item in given {
        let path = std::path::Path::new(item);
        let text = if path.is_file() {
            std::fs::read_to_string(path).map_err(|e| format!("{item}: {e}"))?
        } else {
            item.clone()
        };
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let checkpoint = Checkpoint::parse(line, key).ok_or_else(|| {
                format!(
                    "not a checkpoint signed with this DSR_SECRET_KEY (altered, or another \
                     key): {}",
                    line.trim()
                )
            })?;
            checkpoints.push(checkpoint);
        }
    }
    Ok(checkpoints)
}
