//! `dsr admin create`: the first administrator, made from the command line.

use app::{
    auth::password::{Hashing, Password},
    models::{has_hidden_characters, AccountStatus, Role},
    store::{
        audit::{self, AuditEntry},
        timestamp_now,
        users::{self, NewUser},
        Db,
    },
};
use std::io::BufRead;

/// Reads a password from standard input, checks it, and creates an active administrator
/// called `name` with `email`; the creation is audited. Returns the account's id.
pub async fn create(
    db: &Db,
    key: &app::sealed::SecretKey,
    email: &str,
    name: &str,
) -> Result<uuid::Uuid, Box<dyn std::error::Error>> {
    let email = users::normalise_email(email);
    if !email.contains('@') || email.len() > 254 {
        return Err("enter the administrator's work email, like name@nhs.net".into());
    }
    if has_hidden_characters(&email) || !email.is_ascii() {
        return Err(
            "the email has hidden characters or letters from another alphabet in it: type it in plain letters rather than pasting it"
                .into(),
        );
    }
    eprintln!("Password for {email} (12 to 128 characters), then Enter:");
    let mut typed = String::new();
    std::io::stdin().lock().read_line(&mut typed)?;
    let typed = typed.trim_end_matches(['\n', '\r']).to_owned();
    let password = Password::new(typed, &[name, &email])?;
    let hash = Hashing::new(1)
        .hash(password)
        .await
        .map_err(|e| format!("the password could not be hashed: {e}"))?;
    let at = timestamp_now();
    let id = users::create(
        db,
        &NewUser {
            email: &email,
            full_name: name,
            job_title: "Administrator",
            agency: None,
            role: Role::Admin,
            status: AccountStatus::Active,
            password_hash: &hash,
            at,
            origin: None,
        },
    )
    .await?;
    audit::record(
        db,
        key,
        &AuditEntry::new("dsr admin create", "account_created", "command line")
            .detail(&format!("administrator {email}"))
            .at(at),
    )
    .await?;
    Ok(id)
}
