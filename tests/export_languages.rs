//! CSV exports are headed in the shop's language (from the message tables), and the importer
//! reads every language's headings back as the same columns: a file exported in Urdu imports
//! into a shop set to Hindi.

use grahak::files::export::{CUSTOMER_COLUMNS, SALE_COLUMNS};
use grahak::files::import::{guess_columns, Column};
use grahak::ui::i18n::{customer_headings, sale_headings, Lang, Msg};

fn strings(h: &[&str]) -> Vec<String> {
    h.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_language_s_headings_are_read_back_as_the_same_columns() {
    let customers_en = guess_columns(&strings(&CUSTOMER_COLUMNS), &Column::CUSTOMERS);
    let sales_en = guess_columns(&strings(&SALE_COLUMNS), &Column::SALES);
    // English maps every importable column.
    for col in Column::CUSTOMERS {
        assert!(
            customers_en.contains(&Some(col)),
            "{col:?} in the customers export"
        );
    }
    for col in Column::SALES {
        assert!(sales_en.contains(&Some(col)), "{col:?} in the sales export");
    }
    for &lang in Lang::ALL {
        let customers = customer_headings(lang);
        let sales = sale_headings(lang);
        assert_eq!(
            guess_columns(&strings(&customers), &Column::CUSTOMERS),
            customers_en,
            "{lang:?} customers: {customers:?}"
        );
        assert_eq!(
            guess_columns(&strings(&sales), &Column::SALES),
            sales_en,
            "{lang:?} sales: {sales:?}"
        );
        if lang != Lang::En {
            assert_ne!(customers[0], CUSTOMER_COLUMNS[0], "{lang:?} is translated");
        }
    }
    assert_eq!(customer_headings(Lang::En), CUSTOMER_COLUMNS);
    assert_eq!(sale_headings(Lang::En), SALE_COLUMNS);
    assert_eq!(Msg::HeadReason.text(Lang::Ur), "وجہ");
}
