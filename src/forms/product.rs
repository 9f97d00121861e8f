//! What the seller types on the product form, checked and turned into a [`Product`].

use crate::book::Book;
use crate::model::id::Id;
use crate::model::money::{format_fixed, parse_amount, NumberError};
use crate::model::records::{Meta, Product};
use crate::model::text::fold;
use crate::model::time::Timestamp;

/// Longest product name, in characters.
pub const NAME_MAX: usize = 60;
/// Longest "lasts N days" accepted (ten years).
pub const LASTS_MAX: u16 = 3650;

/// The product form's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductInput {
    /// Name, any script.
    pub name: String,
    /// Category, free text ("grains").
    pub category: String,
    /// Unit ("kg", "packet").
    pub unit: String,
    /// Price per unit as typed.
    pub price: String,
    /// "Lasts N days" as typed; empty when it does not apply.
    pub lasts_days: String,
}

/// A field the seller must fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProductError {
    /// No name.
    NameEmpty,
    /// Longer than [`NAME_MAX`].
    NameTooLong,
    /// Another live product already has this name (ignoring case and spacing).
    NameTaken(Id),
    /// The price cannot be read.
    Price(NumberError),
    /// "Lasts N days" is not a whole number from 1 to [`LASTS_MAX`].
    LastsDays,
    /// The product being edited was changed or deleted (in another window) since the form was
    /// opened: saving would undo that change.
    ChangedElsewhere,
}

/// Collapses runs of whitespace and trims.
fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl ProductInput {
    /// The form filled from a saved product, for editing.
    pub fn from_product(p: &Product) -> ProductInput {
        ProductInput {
            name: p.name.clone(),
            category: p.category.clone(),
            unit: p.unit.clone(),
            price: format_fixed(p.price.0, 2),
            lasts_days: p.lasts_days.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    /// Checks the input and builds a new product with `new_id`, or `editing` updated. Every
    /// problem is returned, not just the first.
    pub fn build(
        &self,
        book: &Book,
        editing: Option<&Product>,
        new_id: Id,
        now: Timestamp,
    ) -> Result<Product, Vec<ProductError>> {
        if let Some(old) = editing {
            if book.product(old.meta.id) != Some(old) {
                return Err(vec![ProductError::ChangedElsewhere]);
            }
        }
        let mut errors = Vec::new();
        let name = tidy(&self.name);
        if name.is_empty() {
            errors.push(ProductError::NameEmpty);
        } else if name.chars().count() > NAME_MAX {
            errors.push(ProductError::NameTooLong);
        } else {
            let key = fold(&name);
            let own = editing.map(|p| p.meta.id);
            if let Some(other) = book
                .products()
                .iter()
                .find(|p| p.meta.live() && Some(p.meta.id) != own && fold(&p.name) == key)
            {
                errors.push(ProductError::NameTaken(other.meta.id));
            }
        }
        let price = parse_amount(&self.price).map_err(|e| errors.push(ProductError::Price(e)));
        let lasts = match self.lasts_days.trim() {
            "" => Ok(None),
            t => parse_amount(t)
                .ok()
                .filter(|p| p.0 % 100 == 0)
                .and_then(|p| u16::try_from(p.0 / 100).ok())
                .filter(|d| (1..=LASTS_MAX).contains(d))
                .map(Some)
                .ok_or_else(|| errors.push(ProductError::LastsDays)),
        };
        let (Ok(price), Ok(lasts_days), true) = (price, lasts, errors.is_empty()) else {
            return Err(errors);
        };
        let meta = match editing {
            Some(p) => Meta {
                updated: now,
                ..p.meta
            },
            None => Meta::new(new_id, now),
        };
        Ok(Product {
            meta,
            name,
            category: tidy(&self.category),
            unit: tidy(&self.unit),
            price,
            lasts_days,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Change;
    use crate::model::money::Paise;

    fn input(name: &str, price: &str, lasts: &str) -> ProductInput {
        ProductInput {
            name: name.into(),
            category: "  grains ".into(),
            unit: "kg".into(),
            price: price.into(),
            lasts_days: lasts.into(),
        }
    }

    fn book_with_rice() -> (Book, Product) {
        let mut book = Book::default();
        let rice = input("Basmati Rice", "120", "30")
            .build(&book, None, Id(1), Timestamp(1))
            .unwrap();
        let planned = book
            .plan(Change {
                products: vec![rice.clone()],
                ..Change::default()
            })
            .unwrap();
        book.apply(planned).expect("planned change applies");
        (book, rice)
    }

    #[test]
    fn a_product_is_built_tidily() {
        let (_, rice) = book_with_rice();
        assert_eq!(rice.name, "Basmati Rice");
        assert_eq!(rice.category, "grains");
        assert_eq!(rice.price, Paise(12_000));
        assert_eq!(rice.lasts_days, Some(30));
        assert_eq!(
            input("  चावल   बासमती ", "१२०.५", "")
                .build(&Book::default(), None, Id(2), Timestamp(1))
                .map(|p| (p.name, p.price, p.lasts_days)),
            Ok(("चावल बासमती".to_string(), Paise(12_050), None))
        );
    }

    #[test]
    fn an_edit_of_a_product_deleted_since_the_form_opened_is_refused() {
        let (mut book, rice) = book_with_rice();
        let mut gone = rice.clone();
        gone.meta = gone.meta.deleted(Timestamp(5));
        let planned = book
            .plan(Change {
                products: vec![gone],
                ..Change::default()
            })
            .unwrap();
        book.apply(planned).unwrap();
        let form = ProductInput::from_product(&rice);
        assert_eq!(
            form.build(&book, Some(&rice), Id(3), Timestamp(6)),
            Err(vec![ProductError::ChangedElsewhere])
        );
    }

    #[test]
    fn bad_fields_are_all_reported() {
        let (book, rice) = book_with_rice();
        let build = |i: ProductInput| i.build(&book, None, Id(9), Timestamp(2));
        assert_eq!(
            build(input(" ", "-5", "0")),
            Err(vec![
                ProductError::NameEmpty,
                ProductError::Price(NumberError::Negative),
                ProductError::LastsDays
            ])
        );
        assert_eq!(
            build(input(&"x".repeat(61), "abc", "2.5")),
            Err(vec![
                ProductError::NameTooLong,
                ProductError::Price(NumberError::NotANumber),
                ProductError::LastsDays
            ])
        );
        assert_eq!(
            build(input("basmati  RICE", "", "9999")),
            Err(vec![
                ProductError::NameTaken(rice.meta.id),
                ProductError::Price(NumberError::Missing),
                ProductError::LastsDays
            ])
        );
    }

    #[test]
    fn editing_keeps_identity_and_may_keep_its_own_name() {
        let (book, rice) = book_with_rice();
        let mut i = ProductInput::from_product(&rice);
        assert_eq!(i.price, "120");
        assert_eq!(i.lasts_days, "30");
        i.price = "125".into();
        i.lasts_days.clear();
        let edited = i.build(&book, Some(&rice), Id(9), Timestamp(5)).unwrap();
        assert_eq!(edited.meta.id, rice.meta.id);
        assert_eq!(edited.meta.created, rice.meta.created);
        assert_eq!(edited.meta.updated, Timestamp(5));
        assert_eq!((edited.price, edited.lasts_days), (Paise(12_500), None));
    }
}
