//! What the person's diagnosis is.

use serde::{Deserialize, Serialize};

/// Diagnosis recorded on the register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Diagnosis {
    /// A learning disability.
    LearningDisability,
    /// Autism.
    Autism,
    /// Both a learning disability and autism.
    Both,
    /// Waiting for an assessment.
    AwaitingAssessment,
}

super::coded_enum!(Diagnosis {
    LearningDisability => ("learning_disability", "Learning disability"),
    Autism => ("autism", "Autism"),
    Both => ("both", "Learning disability and autism"),
    AwaitingAssessment => ("awaiting_assessment", "Awaiting assessment"),
});
