//! The end-to-end harness: starts `tauri-driver` (which starts WebKitWebDriver, which starts
//! the real app binary), opens a WebDriver session on the app's window, and on failure keeps a
//! screenshot, the app's log and the driver's log in `target/e2e-artifacts/<test>/`.
//!
//! Needs a display (run under `xvfb-run`), `tauri-driver` on PATH, `WebKitWebDriver`, and the
//! app built first (`cargo build -p qrstation-desktop`); `./x test` does all of that.

use std::{
    future::Future,
    net::TcpListener,
    panic::AssertUnwindSafe,
    path::{Path, PathBuf},
    pin::Pin,
    process::{Child, Command, Stdio},
    sync::Mutex,
    time::{Duration, Instant},
};

use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;

pub mod axe;

/// One app at a time: the machine has two cores and the window is the thing under test.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// What a test body gets: the WebDriver client and the app's data directory.
pub struct Ctx {
    /// The WebDriver session driving the app's window.
    pub client: Client,
    /// The app's own fresh data directory (`QRSTATION_DATA_DIR`).
    pub data_dir: PathBuf,
}

/// A test body's result; any error fails the test after the artefacts are saved.
pub type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;
type Body = Box<dyn FnOnce(&Ctx) -> Pin<Box<dyn Future<Output = TestResult> + '_>>>;

/// The workspace's target directory (honours `CARGO_TARGET_DIR`).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// The app binary: `QRSTATION_APP_BIN`, else the debug build in the target directory.
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("QRSTATION_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug/qrstation-desktop"));
    let path = std::path::absolute(&path).expect("absolute path");
    assert!(
        path.is_file(),
        "app binary {} is missing: run `cargo build -p qrstation-desktop` (./x test does)",
        path.display()
    );
    path
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// Runs `body` against a freshly started app whose data directory was prepared by `prepare`.
pub fn run_app_test(
    name: &str,
    prepare: impl FnOnce(&Path),
    body: impl for<'a> FnOnce(&'a Ctx) -> Pin<Box<dyn Future<Output = TestResult> + 'a>> + 'static,
) {
    let data = tempfile::tempdir().expect("temp data dir");
    prepare(data.path());
    run_app_test_in(name, data.path(), body);
}

/// Runs `body` against the app started on an existing data directory (a restart keeps it).
pub fn run_app_test_in(
    name: &str,
    data_dir: &Path,
    body: impl for<'a> FnOnce(&'a Ctx) -> Pin<Box<dyn Future<Output = TestResult> + 'a>> + 'static,
) {
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no DISPLAY: run the end-to-end tests under xvfb-run (./x test does)"
    );
    let app = app_binary();
    let target = target_dir();
    let target = target.canonicalize().unwrap_or(target);
    let artefacts = target.join("e2e-artifacts").join(name);
    let _ = std::fs::remove_dir_all(&artefacts);
    std::fs::create_dir_all(&artefacts).expect("artefact dir");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut driver = Driver::start(&artefacts, data_dir);
    let body: Body = Box::new(body);
    let outcome = runtime.block_on(async {
        // An app that exits at start leaves WebKitWebDriver waiting for ever: give up instead.
        let client = tokio::time::timeout(Duration::from_secs(60), driver.connect(&app))
            .await
            .map_err(|_| "no WebDriver session within 60 s: did the app start?")??;
        let ctx = Ctx {
            client,
            data_dir: data_dir.to_owned(),
        };
        // A failed assertion panics inside the body: catch it so the artefacts are still saved.
        let result = match AssertUnwindSafe(body(&ctx)).catch_unwind().await {
            Ok(result) => result,
            Err(panic) => Err(panic_text(panic).into()),
        };
        if result.is_err() {
            if let Ok(png) = ctx.client.screenshot().await {
                let _ = std::fs::write(artefacts.join("screenshot.png"), png);
            }
        }
        let _ = ctx.client.close().await;
        result
    });
    drop(driver);
    if let Err(e) = outcome {
        let log = data_dir.join("logs/qrstation.log");
        let _ = std::fs::copy(&log, artefacts.join("qrstation.log"));
        panic!(
            "{name} failed: {e}\nscreenshot, app log and driver log are in {}",
            artefacts.display()
        );
    }
    let _ = std::fs::remove_dir_all(&artefacts);
}

fn panic_text(panic: Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "the test body panicked".to_owned())
}

/// A running `tauri-driver` on ports of its own; stopped on drop, whatever happened.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(artefacts: &Path, data_dir: &Path) -> Driver {
        let port = free_port();
        let native = free_port();
        let log = std::fs::File::create(artefacts.join("tauri-driver.log")).expect("driver log");
        let child = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("QRSTATION_DATA_DIR", data_dir)
            // WebDriver cannot drive the native save dialog: the debug app saves into the
            // exports folder instead of asking (`file_commands::SAVE_DIALOG_ANSWER_ENV`).
            .env("QRSTATION_SAVE_DIALOG_ANSWER", "exports")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .spawn()
            .expect("tauri-driver on PATH (cargo install tauri-driver; ./x test does)");
        Driver { child, port }
    }

    async fn connect(
        &mut self,
        app: &Path,
    ) -> Result<Client, Box<dyn std::error::Error + Send + Sync>> {
        let caps = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": app },
        });
        let mut builder = ClientBuilder::rustls()?;
        builder.capabilities(caps.as_object().expect("object").clone());
        let url = format!("http://127.0.0.1:{}", self.port);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match builder.connect(&url).await {
                Ok(client) => return Ok(client),
                Err(e) if Instant::now() < deadline => {
                    if let Ok(Some(status)) = self.child.try_wait() {
                        return Err(format!(
                            "tauri-driver exited ({status}) before a session: {e}"
                        )
                        .into());
                    }
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => return Err(format!("no WebDriver session within 30 s: {e}").into()),
            }
        }
    }

    /// SIGTERM, never SIGKILL: a killed tauri-driver orphans WebKitWebDriver.
    fn stop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Waits for the element with `data-testid` and returns its text; a time-out names the id.
pub async fn text_of(
    client: &Client,
    test_id: &str,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let locator = format!("[data-testid=\"{test_id}\"]");
    let el = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(&locator))
        .await
        .map_err(|e| format!("waiting 20 s for [data-testid={test_id}]: {e}"))?;
    Ok(el.text().await?)
}

/// Any JWT (access or ID token) as it starts in a file: `{"typ":` or `{"alg":` in base64url.
pub const JWT_STARTS: [&str; 2] = ["eyJ0eXAi", "eyJhbGci"];

/// Waits for the element with `data-testid` and clicks it.
pub async fn click(client: &Client, test_id: &str) -> TestResult {
    let locator = format!("[data-testid=\"{test_id}\"]");
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(&locator))
        .await
        .map_err(|e| format!("waiting 20 s to click [data-testid={test_id}]: {e}"))?
        .click()
        .await?;
    Ok(())
}

/// Saves a screenshot into `$QRSTATION_E2E_SHOTS/name.png` when that is set (for docs/).
pub async fn shot(client: &Client, name: &str) -> TestResult {
    if let Some(dir) = std::env::var_os("QRSTATION_E2E_SHOTS") {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        std::fs::write(
            PathBuf::from(dir).join(format!("{name}.png")),
            client.screenshot().await?,
        )?;
    }
    Ok(())
}

/// Every file below `dir`.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a readable directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
