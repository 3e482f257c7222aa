//! The raw read side on MySQL: `mysql_async` directly, each statement prepared once per connection (the
//! driver's statement cache) and run with `exec`, the rows decoded straight into tuples.

use mysql_async::prelude::Queryable;
use mysql_async::{Conn, Params, Pool, Value};

use crate::{Comment, Post, User};

/// One pooled `mysql_async` connection.
pub struct MysqlReader {
    conn: Conn,
}

/// `column IN (?, ?, ..)` for `count` keys.
fn in_list(column: &str, count: usize) -> String {
    let mut sql = format!("`{column}` IN (");
    for i in 0..count {
        sql.push_str(if i == 0 { "?" } else { ",?" });
    }
    sql.push(')');
    sql
}

fn keys(keys: &[i64]) -> Params {
    Params::Positional(keys.iter().map(|k| Value::Int(*k)).collect())
}

impl MysqlReader {
    pub async fn open(pool: &Pool) -> MysqlReader {
        MysqlReader {
            conn: pool.get_conn().await.expect("raw MySQL connection"),
        }
    }

    pub async fn user(&mut self, id: i64) -> Option<User> {
        let rows: Vec<(i64, String, Option<String>)> = self
            .conn
            .exec(
                "SELECT `id`, `email`, `name` FROM `User` WHERE `id` = ?",
                (id,),
            )
            .await
            .expect("raw query");
        rows.into_iter()
            .next()
            .map(|(id, email, name)| User { id, email, name })
    }

    pub async fn users(&mut self, take: usize) -> Vec<User> {
        let rows: Vec<(i64, String, Option<String>)> = self
            .conn
            .exec(
                "SELECT `id`, `email`, `name` FROM `User` ORDER BY `id` LIMIT ?",
                (take as u64,),
            )
            .await
            .expect("raw query");
        rows.into_iter()
            .map(|(id, email, name)| User { id, email, name })
            .collect()
    }

    pub async fn posts(&mut self, authors: &[i64], take: Option<usize>) -> Vec<Post> {
        let condition = in_list("authorId", authors.len());
        let sql = match take {
            None => format!(
                "SELECT `id`, `title`, `views`, `authorId` FROM `Post` WHERE {condition} ORDER BY `id`"
            ),
            Some(n) => format!(
                "SELECT `id`, `title`, `views`, `authorId` FROM (SELECT `id`, `title`, `views`, `authorId`, \
                 ROW_NUMBER() OVER (PARTITION BY `authorId` ORDER BY `id`) AS rn FROM `Post` WHERE {condition}) AS p \
                 WHERE rn <= {n} ORDER BY `id`"
            ),
        };
        let rows: Vec<(i64, String, i64, i64)> =
            self.conn.exec(sql, keys(authors)).await.expect("raw query");
        rows.into_iter()
            .map(|(id, title, views, author_id)| Post {
                id,
                title,
                views,
                author_id,
            })
            .collect()
    }

    pub async fn comments(&mut self, posts: &[i64]) -> Vec<Comment> {
        let sql = format!(
            "SELECT `id`, `body`, `postId` FROM `Comment` WHERE {} ORDER BY `id`",
            in_list("postId", posts.len())
        );
        let rows: Vec<(i64, String, i64)> =
            self.conn.exec(sql, keys(posts)).await.expect("raw query");
        rows.into_iter()
            .map(|(id, body, post_id)| Comment { id, body, post_id })
            .collect()
    }
}
