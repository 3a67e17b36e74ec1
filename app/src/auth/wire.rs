//! What the sign-in and account-security pages send and receive (wire types only).

use serde::{Deserialize, Serialize};

/// What setting up an authenticator app needs: the secret, as text and a QR code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentOffer {
    /// The secret, base32, for typing into the app.
    pub secret: String,
    /// The QR code (SVG) of the app's set-up address.
    pub qr_svg: String,
    /// Whether the new app replaces one the account already has.
    pub replacing: bool,
}

/// What is shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShownOnce {
    /// One-use recovery codes for a newly set-up authenticator app, and where to go next.
    RecoveryCodes {
        /// The codes.
        codes: Vec<String>,
        /// Where the person goes next.
        next: String,
    },
    /// A password reset code an admin issued, to read out to the account's owner.
    ResetCode {
        /// Whose account (its id).
        id: String,
        /// Whose account (their name).
        name: String,
        /// The code.
        code: String,
        /// Until when it works.
        expires: chrono::DateTime<chrono::Utc>,
    },
    /// What was typed into a staff form posted without JavaScript and refused (a problem
    /// with an answer, or saved meanwhile by someone else), to put back in that form when
    /// the page is drawn again.
    KeptForm(KeptForm),
    /// A list with names a coordinator asked for, with their reason: made (and audited)
    /// when they download it.
    NamesExport {
        /// Which list (a `NamesList` code).
        list: String,
        /// Why they need it.
        reason: String,
    },
}

/// A refused form's fields as they were posted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptForm {
    /// The address the form posted to (its server function's).
    pub path: String,
    /// The page the browser is sent back to, which alone may take the fields.
    #[serde(default)]
    pub page: String,
    /// The fields, names and values, in the order posted.
    pub fields: Vec<(String, String)>,
}

impl KeptForm {
    /// The value posted as `name`, if any.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}
