//! The built site (the WASM, its script, the CSS and assets): what its files are called
//! and where they are, so `dsr serve` finds them whatever folder it is started from (as a
//! service unit or a container starts it), not only from the repository.

use leptos::prelude::LeptosOptions;
use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
};

/// What cargo-leptos names the site's files (`pkg/dsr.js`, `pkg/dsr.wasm`, `pkg/dsr.css`):
/// `name` in Cargo.toml's `[[workspace.metadata.leptos]]`, built in.
pub const OUTPUT_NAME: &str = "dsr";

/// The site folder: `setting` (`LEPTOS_SITE_ROOT`) when given; otherwise `site` beside the
/// binary `exe` when there is one (a deployment: the binary and its site copied together);
/// otherwise `target/site` (a build in the repository, started from its root).
pub fn root(setting: Option<&str>, exe: Option<&Path>) -> PathBuf {
    if let Some(folder) = setting.map(str::trim).filter(|s| !s.is_empty()) {
        return PathBuf::from(folder);
    }
    exe.and_then(Path::parent)
        .map(|dir| dir.join("site"))
        .filter(|site| site.is_dir())
        .unwrap_or_else(|| PathBuf::from("target/site"))
}

/// The file every page loads first; missing means pages would never become interactive.
pub fn script(root: &Path) -> PathBuf {
    root.join("pkg").join(format!("{OUTPUT_NAME}.js"))
}

/// How Leptos serves the site from the folder `root` on `addr`, the file names built in.
pub fn options(root: &Path, addr: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_name_is_the_one_cargo_leptos_uses() {
        let manifest =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml"))
                .expect("the workspace manifest");
        let leptos = manifest
            .split("[[workspace.metadata.leptos]]")
            .nth(1)
            .expect("a leptos section");
        assert!(
            leptos.contains(&format!("\nname = \"{OUTPUT_NAME}\"\n")),
            "Cargo.toml names the site's files differently"
        );
    }

    #[test]
    fn the_site_is_the_setting_then_beside_the_binary_then_the_build_folder() {
        let dir = std::env::temp_dir().join(format!("dsr-site-{}", uuid::Uuid::new_v4().simple()));
        let exe = dir.join("dsr");
        assert_eq!(
            root(Some("/srv/dsr/site"), Some(&exe)),
            PathBuf::from("/srv/dsr/site")
        );
        assert_eq!(root(Some("  "), Some(&exe)), PathBuf::from("target/site"));
        std::fs::create_dir_all(dir.join("site")).unwrap();
        assert_eq!(root(None, Some(&exe)), dir.join("site"));
        assert_eq!(root(None, None), PathBuf::from("target/site"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
