//! What the seller types, checked and turned into records: customers, products, sales,
//! contacts and feedback, custom segments, a campaign's offer. Each form says what is wrong per
//! field.
#![warn(missing_docs)]

pub mod contact;
pub mod customer;
pub mod offer;
pub mod product;
pub mod sale;
pub mod segment;
