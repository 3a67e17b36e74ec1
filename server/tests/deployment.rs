//! The binary copied out of the repository with its site beside it, and started from
//! another folder with no Leptos settings, as a service unit or a container starts it:
//! its pages name the site's files by their built-in name, and those files are served
//! from the `site` folder beside the binary.

use crate::support;

use support::instance::start_from;

#[tokio::test]
async fn a_copied_binary_serves_its_own_site_from_any_folder() {
    let place = std::env::temp_dir().join(format!("dsr-deploy-{}", uuid::Uuid::new_v4().simple()));
    let (bin, elsewhere) = (place.join("bin"), place.join("elsewhere"));
    std::fs::create_dir_all(bin.join("site/pkg")).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    let exe = bin.join("dsr");
    let built = std::path::Path::new(env!("CARGO_BIN_EXE_dsr"));
    if std::fs::hard_link(built, &exe).is_err() {
        std::fs::copy(built, &exe).unwrap();
    }
    let script = "// the site's own script\n";
    std::fs::write(bin.join("site/pkg/dsr.js"), script).unwrap();
    let url = format!("sqlite:{}", place.join("dsr.db").display());

    let instance = start_from(&exe, Some(&elsewhere), &url, &[]).await;
    // The sign-in page runs the client code (the public pages need none).
    let sign_in = reqwest::get(format!("{}/login", instance.base))
        .await
        .unwrap();
    assert_eq!(sign_in.status(), 200);
    let page = sign_in.text().await.unwrap();
    assert!(
        page.contains("/pkg/dsr.js"),
        "the page loads the site's script by name"
    );
    assert!(!page.contains("/pkg/.js"), "never a nameless script");
    let served = reqwest::get(format!("{}/pkg/dsr.js", instance.base))
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(
        served.text().await.unwrap(),
        script,
        "from the site beside the binary"
    );
    drop(instance);
    std::fs::remove_dir_all(&place).unwrap();
}
