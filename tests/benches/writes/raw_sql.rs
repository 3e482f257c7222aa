//! The raw write side on the engine's own SQLite and PostgreSQL drivers: a connection of the driver, a
//! transaction, one `INSERT .. RETURNING` per table (multi-row for several rows) or
//! `UPDATE .. RETURNING`, the returned rows decoded by the driver.

use engine_core::connector::{ColumnTypes, SqlDriver, TypeIdentifier};
use engine_core::sql::Rendered;
use engine_core::value::PrismaValue;

use crate::next_email;

const USER_TYPES: [TypeIdentifier; 3] = [
    TypeIdentifier::Int,
    TypeIdentifier::String,
    TypeIdentifier::String,
];
const POST_TYPES: [TypeIdentifier; 4] = [
    TypeIdentifier::Int,
    TypeIdentifier::String,
    TypeIdentifier::Int,
    TypeIdentifier::Int,
];

/// `$n` on PostgreSQL, `?` on SQLite.
fn placeholders(postgres: bool, first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| {
            if postgres {
                format!("${n}")
            } else {
                "?".to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The user insert of `create_one` and `nested_create`.
fn insert_user(postgres: bool) -> Rendered {
    Rendered {
        sql: format!(
            "INSERT INTO \"User\" (\"email\", \"name\") VALUES ({}) RETURNING \"id\", \"email\", \"name\"",
            placeholders(postgres, 1, 2)
        ),
        params: vec![
            PrismaValue::String(next_email("r")),
            PrismaValue::String("Raw".into()),
        ],
    }
}

/// The same writes as the engine's request, hand-written, in one transaction; returns the rows written.
pub async fn run(driver: &dyn SqlDriver, postgres: bool, workload: &str) -> usize {
    let connection = driver.connection().await.expect("connection");
    let tx = connection.begin(None).await.expect("begin");
    let written = match workload {
        "create_one" => {
            let rows = tx
                .query(&insert_user(postgres), ColumnTypes::Known(&USER_TYPES))
                .await
                .expect("insert user");
            rows.rows.len()
        }
        "nested_create" => {
            let user = tx
                .query(&insert_user(postgres), ColumnTypes::Known(&USER_TYPES))
                .await
                .expect("insert user");
            let id = user.rows[0][0].clone();
            let mut values = Vec::new();
            let mut params = Vec::new();
            for i in 0..10 {
                values.push(format!("({})", placeholders(postgres, i * 2 + 1, 2)));
                params.push(PrismaValue::String(format!("post {i}")));
                params.push(id.clone());
            }
            let posts = Rendered {
                sql: format!(
                    "INSERT INTO \"Post\" (\"title\", \"authorId\") VALUES {} RETURNING \"id\", \"title\", \"views\", \"authorId\"",
                    values.join(", ")
                ),
                params,
            };
            let posts = tx
                .query(&posts, ColumnTypes::Known(&POST_TYPES))
                .await
                .expect("insert posts");
            1 + posts.rows.len()
        }
        "create_many_1000" => {
            let mut values = Vec::with_capacity(1_000);
            let mut params = Vec::with_capacity(3_000);
            for i in 0..1_000 {
                values.push(format!("({})", placeholders(postgres, i * 3 + 1, 3)));
                params.push(PrismaValue::String(format!("row {i}")));
                params.push(PrismaValue::Int(i as i64));
                params.push(PrismaValue::Int(1));
            }
            let insert = Rendered {
                sql: format!(
                    "INSERT INTO \"Post\" (\"title\", \"views\", \"authorId\") VALUES {}",
                    values.join(", ")
                ),
                params,
            };
            tx.execute(&insert).await.expect("insert rows") as usize
        }
        "update_increment" => {
            let update = Rendered {
                sql: format!(
                    "UPDATE \"Post\" SET \"views\" = \"views\" + 1 WHERE \"id\" = {} RETURNING \"id\", \"title\", \"views\", \"authorId\"",
                    placeholders(postgres, 1, 1)
                ),
                params: vec![PrismaValue::Int(1)],
            };
            let rows = tx
                .query(&update, ColumnTypes::Known(&POST_TYPES))
                .await
                .expect("update");
            rows.rows.len()
        }
        other => unreachable!("{other}"),
    };
    tx.commit().await.expect("commit");
    written
}
