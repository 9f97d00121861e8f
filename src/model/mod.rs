//! Values: ids, money with its parsing and formatting, dates, phone numbers, text folding,
//! sorting, the records of the book (saved-segment rules as plain data) and the shop's settings.
//! Nothing here knows about the book as a whole, storage or the screen.
#![warn(missing_docs)]

pub mod campaign;
pub mod id;
pub mod loyalty;
pub mod money;
pub mod pace;
pub mod phone;
pub mod records;
pub mod segment;
pub mod settings;
pub mod sort;
pub mod text;
pub mod time;
