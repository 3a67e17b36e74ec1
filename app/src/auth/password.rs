//! Passwords: the rules for a new one, and argon2id hashing done off the async executor,
//! a few at a time.
//! A password is only ever held as a [`Password`] (never serialised, never printed) or as
//! its hash.

use argon2::{
    password_hash::{
        rand_core::OsRng, Decimal, Ident, Output, ParamsString, PasswordHash, PasswordHasher,
        PasswordVerifier, Salt, SaltString,
    },
    Algorithm, Argon2, Block, Params, Version,
};
use std::{
    cell::RefCell,
    fmt,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::Duration,
};
use tokio::sync::Semaphore;

/// Fewest characters in a password.
pub const MIN_CHARS: usize = 12;
/// Most characters in a password.
pub const MAX_CHARS: usize = 128;

/// Words from this service's own name, which make a password easier to guess here.
const SERVICE_WORDS: [&str; 5] = ["dynamic", "support", "register", "dsr", "nhs"];

/// A password as typed. It cannot be serialised, and its `Debug` hides it.
pub struct Password(String);

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

/// Why a new password was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRule {
    /// Fewer than [`MIN_CHARS`] characters.
    #[error("Enter a password of at least 12 characters")]
    TooShort,
    /// More than [`MAX_CHARS`] characters.
    #[error("Enter a password of 128 characters or fewer")]
    TooLong,
    /// Common, or easy to guess from the person's own details.
    #[error("Choose a password that is harder to guess: avoid common words, names and patterns")]
    Guessable,
}

impl Password {
    /// A new password, checked: 12 to 128 characters, not containing a word of 4 or more
    /// letters from `own_details` (such as the person's name and email), and scored at
    /// least 3 of 4 by zxcvbn against common passwords, patterns and this service's name.
    /// No composition rules.
    pub fn new(typed: String, own_details: &[&str]) -> Result<Password, PasswordRule> {
        let chars = typed.chars().count();
        if chars < MIN_CHARS {
            return Err(PasswordRule::TooShort);
        }
        if chars > MAX_CHARS {
            return Err(PasswordRule::TooLong);
        }
        // The person's details, lower-cased and split into words ("asha.patel@nhs.net" gives
        // "asha", "patel", "nhs", "net"), so a password built from them scores as guessable.
        let words: Vec<String> = own_details
            .iter()
            .flat_map(|d| d.split(|c: char| !c.is_alphanumeric()))
            .filter(|w| w.chars().count() > 2)
            .map(str::to_lowercase)
            .collect();
        let lower = typed.to_lowercase();
        if words
            .iter()
            .any(|w| w.chars().count() >= 4 && lower.contains(w.as_str()))
        {
            return Err(PasswordRule::Guessable);
        }
        let mut inputs: Vec<&str> = words.iter().map(String::as_str).collect();
        inputs.extend(SERVICE_WORDS);
        let strength = zxcvbn::zxcvbn(&typed, &inputs);
        if u8::from(strength.score()) < 3 {
            return Err(PasswordRule::Guessable);
        }
        Ok(Password(typed))
    }

    /// The argon2id hash (PHC string) of this password (slow: use [`Hashing::hash`]).
    fn hash_now(&self) -> Result<String, argon2::password_hash::Error> {
        let salt = SaltString::generate(&mut OsRng);
        KeptMemory
            .hash_password(self.0.as_bytes(), &salt)
            .map(|h| h.to_string())
    }
}

/// Every password hash is computed by one of a few threads of its own: argon2id takes
/// 19 MiB and tens of milliseconds each, so hundreds of sign-ins or registrations at once
/// would otherwise exhaust the server's memory. The threads are fixed (not the runtime's
/// blocking pool) because the allocator keeps each thread's 19 MiB for reuse: on hundreds
/// of blocking threads that held about 1 GB after a flood. One [`Hashing`] is shared by
/// every request of a server.
#[derive(Clone, Debug)]
pub struct Hashing {
    permits: Arc<Semaphore>,
    jobs: std::sync::mpsc::Sender<Job>,
    running: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
}

/// Work for a hashing thread.
type Job = Box<dyn FnOnce() + Send>;

/// No hashing slot came free in time: the caller answers 503 with `Retry-After`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("too many passwords are being checked at once")]
pub struct Busy;

/// How long a request waits for a hashing slot before it is turned away.
const WAIT_FOR_SLOT: Duration = Duration::from_secs(3);

impl Hashing {
    /// At most `at_once` hashes at a time (at least one), each on one of `at_once`
    /// threads, which end when the last clone of this is dropped.
    pub fn new(at_once: usize) -> Hashing {
        let at_once = at_once.max(1);
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = Arc::new(std::sync::Mutex::new(queue));
        for _ in 0..at_once {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name("password-hashing".into())
                .spawn(move || loop {
                    let next = queue.lock().map(|q| q.recv());
                    match next {
                        Ok(Ok(job)) => job(),
                        _ => break,
                    }
                })
                .expect("a hashing thread starts");
        }
        Hashing {
            permits: Arc::new(Semaphore::new(at_once)),
            jobs,
            running: Arc::default(),
            peak: Arc::default(),
        }
    }

    /// The most hashes that have run at once so far.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    /// Runs `work` on a hashing thread once a slot is free. The slot is held by the job
    /// itself, so a request that gives up waiting cannot free it early.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let permit = tokio::time::timeout(WAIT_FOR_SLOT, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| Busy)?
            .map_err(|_| Busy)?;
        let (running, peak) = (self.running.clone(), self.peak.clone());
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            let result = work();
            running.fetch_sub(1, Ordering::SeqCst);
            drop(permit);
            let _ = answer.send(result);
        });
        self.jobs.send(job).map_err(|_| Busy)?;
        answered.await.map_err(|_| Busy)
    }

    /// The argon2id hash (PHC string) of `password`.
    pub async fn hash(&self, password: Password) -> Result<String, Busy> {
        self.run(move || password.hash_now())
            .await?
            .map_err(|error| {
                tracing::error!(%error, "password hashing failed");
                Busy
            })
    }

    /// Whether `typed` matches `hash`. With no hash (an unknown email) a stand-in hash is
    /// checked instead, so the answer takes as long and says nothing about whether the
    /// account exists.
    pub async fn verify(&self, typed: String, hash: Option<String>) -> Result<bool, Busy> {
        self.run(move || verify_now(&typed, hash.as_deref())).await
    }
}

/// Whether `typed` matches `hash` (or, with none, the stand-in hash: never true).
fn verify_now(typed: &str, hash: Option<&str>) -> bool {
    static STAND_IN: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let salt = SaltString::generate(&mut OsRng);
        KeptMemory
            .hash_password(b"no account has this password", &salt)
            .map(|h| h.to_string())
            .expect("hashing a fixed password works")
    });
    let known = hash.is_some();
    let matches = PasswordHash::new(hash.unwrap_or(&STAND_IN))
        .map(|parsed| {
            KeptMemory
                .verify_password(typed.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false);
    known && matches
}

/// argon2id with OWASP's recommended minimum: 19 MiB of memory, 2 passes, 1 lane.
fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters")
}

thread_local! {
    /// This thread's argon2 memory, kept from one hash to the next. Allocated and freed
    /// each time, glibc's malloc keeps the freed 19 MiB pieces: about 20 sign-ins left a
    /// server holding some 390 MB. Kept, each hashing thread holds one.
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// argon2 (as the `argon2` crate computes it, PHC strings alike) working in this thread's
/// kept memory; [`params`] unless a stored hash names others.
struct KeptMemory;

impl PasswordHasher for KeptMemory {
    type Params = Params;

    fn hash_password<'a>(
        &self,
        password: &[u8],
        salt: impl Into<Salt<'a>>,
    ) -> argon2::password_hash::Result<PasswordHash<'a>> {
        self.hash_password_customized(password, None, None, params(), salt)
    }

    fn hash_password_customized<'a>(
        &self,
        password: &[u8],
        algorithm: Option<Ident<'a>>,
        version: Option<Decimal>,
        params: Params,
        salt: impl Into<Salt<'a>>,
    ) -> argon2::password_hash::Result<PasswordHash<'a>> {
        let algorithm = algorithm
            .map(Algorithm::try_from)
            .transpose()?
            .unwrap_or(Algorithm::Argon2id);
        let version = version
            .map(Version::try_from)
            .transpose()?
            .unwrap_or(Version::V0x13);
        let salt = salt.into();
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
        let argon2 = Argon2::new(algorithm, version, params.clone());
        let length = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
        let output = Output::init_with(length, |out| {
            BLOCKS.with_borrow_mut(|blocks| {
                blocks.resize(params.block_count(), Block::default());
                Ok(argon2.hash_password_into_with_memory(
                    password,
                    salt_bytes,
                    out,
                    &mut blocks[..],
                )?)
            })
        })?;
        Ok(PasswordHash {
            algorithm: algorithm.ident(),
            version: Some(version.into()),
            params: ParamsString::try_from(&params)?,
            salt: Some(salt),
            hash: Some(output),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::eleven("elevenchars", Err(PasswordRule::TooShort))]
    #[case::common("password1234", Err(PasswordRule::Guessable))]
    #[case::repeated("aaaaaaaaaaaaaaaa", Err(PasswordRule::Guessable))]
    #[case::own_name("AshaPatel2026", Err(PasswordRule::Guessable))]
    #[case::passphrase("correct pony staple battery", Ok(()))]
    #[case::no_composition_rules("velvet otters juggle quietly", Ok(()))]
    fn new_password_rules(#[case] typed: &str, #[case] expected: Result<(), PasswordRule>) {
        let got = Password::new(typed.to_owned(), &["Asha", "Patel", "asha.patel@nhs.net"]);
        assert_eq!(got.map(|_| ()), expected, "{typed}");
    }

    #[test]
    fn too_long_is_counted_in_characters() {
        let long = "é".repeat(129);
        assert_eq!(
            Password::new(long, &[]).map(|_| ()),
            Err(PasswordRule::TooLong)
        );
        assert!(Password::new("ééé velvet otters juggle".to_owned(), &[]).is_ok());
    }

    #[test]
    fn the_password_never_shows_in_debug_output() {
        let p = Password::new("velvet otters juggle quietly".to_owned(), &[]).unwrap();
        assert!(!format!("{p:?}").contains("otters"));
    }

    #[tokio::test]
    async fn verifies_the_right_password_only() {
        let hashing = Hashing::new(1);
        let p = Password::new("velvet otters juggle quietly".to_owned(), &[]).unwrap();
        let hash = hashing.hash(p).await.unwrap();
        let check = |typed: &str, hash: Option<&str>| {
            hashing.verify(typed.to_owned(), hash.map(str::to_owned))
        };
        assert!(check("velvet otters juggle quietly", Some(&hash))
            .await
            .unwrap());
        assert!(!check("velvet otters juggle quietly!", Some(&hash))
            .await
            .unwrap());
        assert!(!check("velvet otters juggle quietly", None).await.unwrap());
        assert!(!check("anything", Some("not a hash")).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_hashes_run_at_once_than_allowed() {
        let hashing = Hashing::new(2);
        let mut checks = tokio::task::JoinSet::new();
        for _ in 0..12 {
            let hashing = hashing.clone();
            checks.spawn(async move { hashing.verify("anything at all".into(), None).await });
        }
        let answers = checks.join_all().await;
        // Under load some may be turned away (Busy); none may be let through.
        assert!(answers.iter().all(|a| a != &Ok(true)), "{answers:?}");
        assert!(answers.contains(&Ok(false)), "{answers:?}");
        assert!(
            hashing.peak() >= 1 && hashing.peak() <= 2,
            "{}",
            hashing.peak()
        );
    }

    /// The kept memory gives the argon2 crate's own answers, hash after hash on one
    /// thread (the memory holds the last one's blocks), with any stored parameters.
    #[test]
    fn kept_memory_hashes_as_the_argon2_crate_does() {
        let standard = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
        let older = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 3, 1, None).unwrap(),
        );
        for typed in [
            "velvet otters juggle quietly",
            "correct pony staple battery",
        ] {
            let salt = SaltString::generate(&mut OsRng);
            let theirs = standard.hash_password(typed.as_bytes(), &salt).unwrap();
            let ours = KeptMemory.hash_password(typed.as_bytes(), &salt).unwrap();
            assert_eq!(ours.to_string(), theirs.to_string());
            assert!(KeptMemory
                .verify_password(typed.as_bytes(), &theirs)
                .is_ok());
            assert!(standard.verify_password(typed.as_bytes(), &ours).is_ok());
            assert!(KeptMemory
                .verify_password(b"not the password", &theirs)
                .is_err());
            let old = older.hash_password(typed.as_bytes(), &salt).unwrap();
            assert!(KeptMemory.verify_password(typed.as_bytes(), &old).is_ok());
            assert!(KeptMemory
                .verify_password(b"not the password", &old)
                .is_err());
        }
    }

    #[tokio::test]
    async fn hashes_with_argon2id_and_owasp_parameters() {
        let p = Password::new("velvet otters juggle quietly".to_owned(), &[]).unwrap();
        let hash = Hashing::new(1).hash(p).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
    }
}
