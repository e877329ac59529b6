//! Build script: Tauri's code generation, with a permission per app command so each window's
//! capability grants exactly the commands it calls. The command list is read from the IPC
//! contract (`src/contract.rs`), the one place commands are declared.

include!("contract_names.rs");

fn main() {
    println!("cargo:rerun-if-changed=src/contract.rs");
    println!("cargo:rerun-if-changed=contract_names.rs");
    let contract = std::fs::read_to_string("src/contract.rs").expect("src/contract.rs is readable");
    let names = contract_names(&contract);
    assert!(!names.is_empty(), "no command found in src/contract.rs");
    // tauri-build keeps the list for the whole build.
    let names: &'static [&'static str] = Vec::leak(
        names
            .into_iter()
            .map(|n| &*String::leak(n))
            .collect::<Vec<&'static str>>(),
    );
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("tauri build step failed");
}
