//! The binary target this machine is, in Prisma's naming (`debian-openssl-3.0.x`, `darwin-arm64`, ...), and
//! where our query engine lives. Generators receive engine paths keyed by binary target; Prisma Client
//! Python uses the only entry when there is one, and looks an entry up by name when the user pins
//! `PRISMA_BINARY_PLATFORM`, so the key should be the name Prisma would give this machine.

use std::path::PathBuf;

/// The file name of the engine binary, next to `refract` in the same directory.
pub const ENGINE_FILE: &str = if cfg!(windows) {
    "refract-query-engine.exe"
} else {
    "refract-query-engine"
};

/// Where the query engine is: beside the running `refract` executable, or `REFRACT_QUERY_ENGINE` when set
/// (for installations that keep the two apart).
pub fn query_engine_path() -> Result<PathBuf, String> {
    if let Ok(path) = std::env::var("REFRACT_QUERY_ENGINE") {
        if !path.is_empty() {
            let path = PathBuf::from(path);
            return if path.is_file() {
                Ok(std::path::absolute(&path).unwrap_or(path))
            } else {
                Err(format!(
                    "REFRACT_QUERY_ENGINE points at {}, which is not a file",
                    path.display()
                ))
            };
        }
    }
    let exe = std::env::current_exe().map_err(|e| format!("cannot locate refract itself: {e}"))?;
    let path = exe
        .parent()
        .map(|dir| dir.join(ENGINE_FILE))
        .ok_or_else(|| "refract has no parent directory".to_string())?;
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "the query engine {ENGINE_FILE} was not found next to refract (looked for {}); install both binaries side by side or set REFRACT_QUERY_ENGINE",
            path.display()
        ))
    }
}

/// The binary target `native` stands for on this machine.
pub fn native_target() -> String {
    if cfg!(target_os = "macos") {
        return if cfg!(target_arch = "aarch64") {
            "darwin-arm64".into()
        } else {
            "darwin".into()
        };
    }
    if cfg!(windows) {
        return "windows".into();
    }
    let os_release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    linux_target(&os_release, openssl_version().as_deref())
}

/// Prisma's Linux naming: the distribution family, then the OpenSSL series (`1.1.x` when unknown).
fn linux_target(os_release: &str, openssl: Option<&str>) -> String {
    let field = |key: &str| {
        os_release
            .lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
            .map(|v| v.trim_matches('"').to_ascii_lowercase())
            .unwrap_or_default()
    };
    let id = field("ID");
    let like = field("ID_LIKE");
    if id == "alpine" {
        return "linux-musl".into();
    }
    let family = if ["rhel", "centos", "fedora", "amzn", "rocky", "almalinux"]
        .iter()
        .any(|d| id == *d || like.split(' ').any(|l| l == *d))
    {
        "rhel"
    } else {
        "debian"
    };
    let series = openssl.map(openssl_series).unwrap_or("1.1.x".into());
    if cfg!(target_arch = "aarch64") {
        format!("linux-arm64-openssl-{series}")
    } else {
        format!("{family}-openssl-{series}")
    }
}

/// `OpenSSL 3.0.15 3 Sep 2024` → `3.0.x`; OpenSSL 3 releases all share the `3.0.x` engines.
fn openssl_series(version_line: &str) -> String {
    let version = version_line.split_whitespace().nth(1).unwrap_or("");
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some("3"), _) => "3.0.x".into(),
        (Some(major), Some(minor)) if !major.is_empty() => {
            let minor: String = minor.chars().take_while(char::is_ascii_digit).collect();
            format!("{major}.{minor}.x")
        }
        _ => "1.1.x".into(),
    }
}

fn openssl_version() -> Option<String> {
    let output = std::process::Command::new("openssl")
        .args(["version", "-v"])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openssl_series_follows_prisma_naming() {
        assert_eq!(openssl_series("OpenSSL 3.0.15 3 Sep 2024"), "3.0.x");
        assert_eq!(openssl_series("OpenSSL 3.2.1 30 Jan 2024"), "3.0.x");
        assert_eq!(openssl_series("OpenSSL 1.1.1w  11 Sep 2023"), "1.1.x");
        assert_eq!(openssl_series("OpenSSL 1.0.2k-fips"), "1.0.x");
        assert_eq!(openssl_series("garbage"), "1.1.x");
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn linux_family_comes_from_os_release() {
        let debian = "PRETTY_NAME=\"Debian GNU/Linux 12\"\nID=debian\n";
        assert_eq!(
            linux_target(debian, Some("OpenSSL 3.0.15 3 Sep 2024")),
            "debian-openssl-3.0.x"
        );
        let rocky = "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n";
        assert_eq!(linux_target(rocky, None), "rhel-openssl-1.1.x");
        let ubuntu = "ID=ubuntu\nID_LIKE=debian\n";
        assert_eq!(
            linux_target(ubuntu, Some("OpenSSL 1.1.1f")),
            "debian-openssl-1.1.x"
        );
        assert_eq!(linux_target("ID=alpine\n", None), "linux-musl");
    }
}
