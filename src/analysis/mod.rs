//! What the book means: each customer's metrics, RFM scores and segments, the built-in
//! segments, the seller's own segment rules evaluated, and the histories the screens show;
//! for promotions: who a campaign reaches (audience), what to offer (recommend), personal
//! messages and their links (message), and what a campaign earned (results); loyalty points
//! and credit balances (loyalty, credit).
#![warn(missing_docs)]

pub mod audience;
pub mod credit;
pub mod forecast;
pub mod history;
pub mod insights;
pub mod loyalty;
pub mod members;
pub mod message;
pub mod metrics;
pub mod movement;
pub mod recommend;
pub mod reorder;
pub mod results;
pub mod rfm;
pub mod rules;
pub mod segments;
