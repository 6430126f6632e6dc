//! `jobbvei user add|list|password`. Each change is audited in the same
//! transaction, with the operating-system user as the actor.

use std::io::BufRead;

use jobbvei_domain::time::{Clock, SystemClock};
use jobbvei_domain::{ExtId, Fte, Role, User};
use jobbvei_store::{AuditEntry, Db, Location};
use jobbvei_web::auth::secret::{MIN_PASSWORD_CHARS, hash_password};

use crate::cli::{ListFormat, UserAddArgs, UserListArgs};
use crate::error::CliError;

/// An audit entry for a command-line action: the actor is the operating-system user.
pub fn cli_audit(action: &str, record_type: Option<&str>, record_id: Option<&str>, fields: &[&str]) -> AuditEntry {
    AuditEntry {
        at: SystemClock.now(),
        user_id: None,
        username: std::env::var("USER").ok().map(|u| format!("cli:{u}")).or(Some("cli".into())),
        role: None,
        action: action.into(),
        record_type: record_type.map(Into::into),
        record_id: record_id.map(Into::into),
        fields: fields.iter().map(|f| (*f).to_owned()).collect(),
        ip: None,
        outcome: "ok".into(),
    }
}

pub async fn add(location: &Location, args: UserAddArgs) -> Result<(), CliError> {
    let usage = |m: String| Err(CliError::Usage(m));
    let username = args.username.trim().to_owned();
    if username.is_empty() || username.chars().count() > 100 || username.chars().any(char::is_whitespace) {
        return usage("--username must be 1–100 characters without spaces".into());
    }
    if args.name.trim().is_empty() {
        return usage("--name must not be blank".into());
    }
    let mut roles = Vec::new();
    for r in &args.roles {
        let Some(role) = Role::parse(r.trim()) else {
            return usage(format!("unknown role \"{r}\"; expected one of {}", Role::expected()));
        };
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    let Some(fte) = Fte::new(args.fte) else { return usage("--fte must be more than 0 and at most 1".into()) };
    let id_text = args.id.clone().unwrap_or_else(|| username.clone());
    let Ok(id) = ExtId::parse(&id_text) else { return usage(format!("\"{id_text}\" is not a valid id")) };
    let team = match &args.team {
        Some(t) => Some(ExtId::parse(t).map_err(|_| CliError::Usage(format!("\"{t}\" is not a valid team id")))?),
        None => None,
    };
    let email = args.email.as_deref().map(str::trim).filter(|e| !e.is_empty());
    if let Some(e) = email
        && !jobbvei_web::notify::smtp::plain_address(e)
    {
        return usage(format!("--email \"{e}\" is not a plain e-mail address (name@domain)"));
    }
    let hash = if args.password_stdin { Some(new_password_hash().await?) } else { None };
    let db = location.open().await?;
    let result = async {
        if db.user_by_username(&username).await?.is_some() {
            return usage(format!("the username \"{username}\" is taken"));
        }
        if db.user_by_id(id.as_str()).await?.is_some() {
            return usage(format!("a user with id \"{id}\" exists; choose another with --id"));
        }
        if let Some(t) = &team
            && !db.exists("team", t.as_str()).await?
        {
            return usage(format!("no team with id \"{t}\""));
        }
        let user = User {
            id: id.clone(),
            name: args.name.trim().to_owned(),
            roles,
            team,
            fte,
            username: Some(username.clone()),
        };
        let mut tx = db.begin().await?;
        tx.upsert_users(std::slice::from_ref(&user)).await?;
        let mut fields = vec!["name", "roles", "team", "fte", "username"];
        if let Some(h) = &hash {
            tx.set_password(id.as_str(), h).await?;
            fields.push("password");
        }
        if email.is_some() {
            tx.set_user_email(id.as_str(), email).await?;
            fields.push("email");
        }
        tx.audit(&cli_audit("user_create", Some("user"), Some(id.as_str()), &fields)).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    db.close().await;
    result?;
    println!("{id}");
    Ok(())
}

/// Reads and hashes a new password, refusing a short one.
async fn new_password_hash() -> Result<String, CliError> {
    let password = read_password()?;
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(CliError::Usage(format!("the password must be at least {MIN_PASSWORD_CHARS} characters")));
    }
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| CliError::Usage("hashing stopped".into()))?
        .map_err(|e| CliError::Usage(e.to_string()))
}

pub async fn password(location: &Location, args: crate::cli::UserPasswordArgs) -> Result<(), CliError> {
    let hash = new_password_hash().await?;
    let db = location.open().await?;
    let result = async {
        let Some(user) = db.user_by_username(&args.username).await? else {
            return Err(CliError::Usage(format!("no user with username \"{}\"", args.username)));
        };
        let mut tx = db.begin().await?;
        tx.set_password(user.id.as_str(), &hash).await?;
        tx.audit(&cli_audit("password_set", Some("user"), Some(user.id.as_str()), &["password"])).await?;
        tx.commit().await?;
        Ok(user)
    }
    .await;
    db.close().await;
    let user = result?;
    println!("password set for {} ({})", args.username, user.id);
    Ok(())
}

fn read_password() -> Result<String, CliError> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(CliError::io("could not read the password"))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

pub async fn list(location: &Location, args: UserListArgs) -> Result<(), CliError> {
    let db = location.open().await?;
    let users = all_users(&db).await;
    db.close().await;
    let users = users?;
    match args.format {
        ListFormat::Text => {
            println!("{:<16} {:<16} {:<28} {:<32} {:<8} fte", "id", "username", "name", "roles", "team");
            for u in &users {
                let roles: Vec<&str> = u.roles.iter().map(|r| r.code()).collect();
                println!(
                    "{:<16} {:<16} {:<28} {:<32} {:<8} {}",
                    u.id,
                    u.username.as_deref().unwrap_or("-"),
                    u.name,
                    roles.join(","),
                    u.team.as_ref().map_or("-", |t| t.as_str()),
                    u.fte.get()
                );
            }
        }
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = users
                .iter()
                .map(|u| {
                    serde_json::json!({
                        "id": u.id.as_str(), "username": u.username, "name": u.name,
                        "roles": u.roles.iter().map(|r| r.code()).collect::<Vec<_>>(),
                        "team": u.team.as_ref().map(|t| t.as_str()), "fte": u.fte.get(),
                    })
                })
                .collect();
            println!("{}", serde_json::Value::Array(rows));
        }
    }
    Ok(())
}

async fn all_users(db: &Db) -> Result<Vec<User>, CliError> {
    let mut out = Vec::new();
    let mut snap = db.snapshot().await?;
    snap.each_user(|u| {
        out.push(u);
        Ok::<_, jobbvei_store::StoreError>(())
    })
    .await?;
    snap.rollback().await?;
    Ok(out)
}
