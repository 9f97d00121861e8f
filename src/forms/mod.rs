//! What the seller types, checked and turned into records: customers, products, sales,
//! contacts and feedback, custom segments, campaigns and their offers, the loyalty rules. Each form says what is wrong per
//! field.
#![warn(missing_docs)]

pub mod campaign;
pub mod contact;
pub mod credit;
pub mod customer;
pub mod loyalty;
pub mod offer;
pub mod product;
pub mod sale;
pub mod segment;
