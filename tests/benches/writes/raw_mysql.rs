//! The raw write side on MySQL: `mysql_async` directly, in a transaction, with prepared statements. MySQL
//! has no `RETURNING`, so the rows are what a hand-writer has without reading them back: the generated id
//! from the OK packet (`LAST_INSERT_ID`; a multi-row `INSERT` reports its first row's id and the ids
//! of one statement are consecutive with InnoDB's default auto-increment lock modes), the values sent and
//! the schema's default for `views`. Only the increment, whose result the client cannot know, reads the
//! row back after the `UPDATE`.

use mysql_async::prelude::Queryable;
use mysql_async::{Params, Pool, TxOpts, Value};

use crate::next_email;

/// A `User` row as the raw side holds it.
struct User {
    _id: u64,
    _email: String,
    _name: Option<String>,
}

/// A `Post` row as the raw side holds it.
struct Post {
    _id: u64,
    _title: String,
    _views: i64,
    _author_id: u64,
}

/// `(?, ?), (?, ?), ..`: `rows` tuples of `columns` placeholders.
fn values(rows: usize, columns: usize) -> String {
    let row = format!("({})", vec!["?"; columns].join(", "));
    vec![row.as_str(); rows].join(", ")
}

/// The same writes as the engine's request, hand-written, in one transaction; returns the rows written.
pub async fn run(pool: &Pool, workload: &str) -> usize {
    let mut conn = pool.get_conn().await.expect("raw MySQL connection");
    let mut tx = conn
        .start_transaction(TxOpts::default())
        .await
        .expect("begin");
    let written = match workload {
        "create_one" | "nested_create" => {
            let email = next_email("r");
            let result = tx
                .exec_iter(
                    "INSERT INTO `User` (`email`, `name`) VALUES (?, ?)",
                    (email.as_str(), "Raw"),
                )
                .await
                .expect("insert user");
            let id = result.last_insert_id().expect("user id");
            result.drop_result().await.expect("insert user");
            let user = User {
                _id: id,
                _email: email,
                _name: Some("Raw".to_owned()),
            };
            let mut posts = Vec::new();
            if workload == "nested_create" {
                let titles: Vec<String> = (0..10).map(|i| format!("post {i}")).collect();
                let mut params = Vec::with_capacity(20);
                for title in &titles {
                    params.push(Value::from(title.as_str()));
                    params.push(Value::UInt(id));
                }
                let sql = format!(
                    "INSERT INTO `Post` (`title`, `authorId`) VALUES {}",
                    values(titles.len(), 2)
                );
                let result = tx
                    .exec_iter(sql, Params::Positional(params))
                    .await
                    .expect("insert posts");
                let first = result.last_insert_id().expect("post id");
                result.drop_result().await.expect("insert posts");
                posts = titles
                    .into_iter()
                    .zip(first..)
                    .map(|(title, post_id)| Post {
                        _id: post_id,
                        _title: title,
                        _views: 0,
                        _author_id: id,
                    })
                    .collect();
            }
            std::hint::black_box(&user);
            1 + std::hint::black_box(posts).len()
        }
        "create_many_1000" => {
            let mut params = Vec::with_capacity(3_000);
            for i in 0..1_000 {
                params.push(Value::from(format!("row {i}")));
                params.push(Value::Int(i));
                params.push(Value::Int(1));
            }
            let sql = format!(
                "INSERT INTO `Post` (`title`, `views`, `authorId`) VALUES {}",
                values(1_000, 3)
            );
            let result = tx
                .exec_iter(sql, Params::Positional(params))
                .await
                .expect("insert rows");
            let count = result.affected_rows() as usize;
            result.drop_result().await.expect("insert rows");
            count
        }
        "update_increment" => {
            tx.exec_drop(
                "UPDATE `Post` SET `views` = `views` + 1 WHERE `id` = ?",
                (1,),
            )
            .await
            .expect("update");
            let rows: Vec<(i64, String, i64, i64)> = tx
                .exec(
                    "SELECT `id`, `title`, `views`, `authorId` FROM `Post` WHERE `id` = ?",
                    (1,),
                )
                .await
                .expect("read back");
            rows.len()
        }
        other => unreachable!("{other}"),
    };
    tx.commit().await.expect("commit");
    written
}
