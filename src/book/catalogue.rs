//! The product catalogue as the screens list it: found by name or category, sorted by
//! category then name; the categories already used.

use crate::book::Book;
use crate::model::records::Product;
use crate::model::text::fold;

/// Live products whose name or category contains `query` (ignoring case and spacing), sorted
/// by category, then name.
pub fn find<'b>(book: &'b Book, query: &str) -> Vec<&'b Product> {
    let q = fold(query);
    let mut v: Vec<&Product> = book
        .products()
        .iter()
        .filter(|p| p.meta.live())
        .filter(|p| q.is_empty() || fold(&p.name).contains(&q) || fold(&p.category).contains(&q))
        .collect();
    crate::model::sort::sort_by_key(&mut v, |p| (fold(&p.category), fold(&p.name)));
    v
}

/// The categories of live products, sorted, each once (the category field's suggestions).
pub fn categories(book: &Book) -> Vec<String> {
    let mut v: Vec<String> = book
        .products()
        .iter()
        .filter(|p| p.meta.live() && !p.category.is_empty())
        .map(|p| p.category.clone())
        .collect();
    crate::model::sort::sort_by(&mut v, |a, b| a.cmp(b));
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Change;
    use crate::model::id::Id;
    use crate::model::money::Paise;
    use crate::model::records::Meta;
    use crate::model::time::Timestamp;

    fn product(id: u128, name: &str, category: &str, live: bool) -> Product {
        let mut meta = Meta::new(Id(id), Timestamp(0));
        if !live {
            meta = meta.deleted(Timestamp(1));
        }
        Product {
            meta,
            name: name.into(),
            category: category.into(),
            unit: String::new(),
            price: Paise(100),
            lasts_days: None,
        }
    }

    #[test]
    fn products_are_found_by_name_or_category_and_sorted() {
        let mut b = Book::default();
        let planned = b
            .plan(Change {
                products: vec![
                    product(1, "Toor dal", "Grains", true),
                    product(2, "Atta", "Grains", true),
                    product(3, "Soap", "Home", true),
                    product(4, "Old soap", "Home", false),
                ],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
        let names = |q: &str| {
            find(&b, q)
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(""), ["Atta", "Toor dal", "Soap"]);
        assert_eq!(names("GRAIN"), ["Atta", "Toor dal"]);
        assert_eq!(names("soap"), ["Soap"]);
        assert_eq!(categories(&b), ["Grains", "Home"]);
    }
}
