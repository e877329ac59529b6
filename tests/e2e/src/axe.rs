//! The accessibility check of the real window: injects axe-core (the pinned devDependency in
//! `ui/node_modules/axe-core/axe.min.js`) through WebDriver, runs the WCAG 2 A and AA rules over
//! the page as it is now, and reports the serious and critical violations by rule, impact and
//! element. With `QRSTATION_SCREENSHOTS=<dir>` (relative to the workspace root, e.g.
//! `docs/screens`) each checked screen is also saved as `<dir>/<name>.png`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::Client;

/// One serious or critical rule violation on one screen.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The screen it was found on (the name given to [`check`]).
    pub screen: String,
    /// axe's rule id, e.g. `color-contrast`.
    pub rule: String,
    /// `serious` or `critical`.
    pub impact: String,
    /// axe's one-line description of the rule.
    pub help: String,
    /// The CSS selectors of the offending elements.
    pub targets: Vec<String>,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "[{}] {} ({}): {} — {}",
            self.screen,
            self.rule,
            self.impact,
            self.help,
            self.targets.join(", ")
        )
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// axe-core's source, read once per call from the UI's node_modules (`npm ci` in `ui/`).
fn axe_source() -> String {
    let path = workspace_root().join("ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} is missing ({e}): run `npm ci` in ui/ (axe-core is a devDependency)",
            path.display()
        )
    })
}

/// What the page runs: axe over the whole document, WCAG 2 A + AA only, serious and worse.
const RUN: &str = "const done = arguments[arguments.length - 1];\
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, \
      resultTypes: ['violations'] })\
    .then((r) => done(r.violations\
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')\
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help,\
          targets: v.nodes.map((n) => n.target.join(' ')) }))),\
      (e) => done({ error: String(e) }));";

/// Saves the screen as `$QRSTATION_SCREENSHOTS/<name>.png` when that variable is set.
pub async fn screenshot(
    client: &Client,
    name: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let Some(dir) = std::env::var_os("QRSTATION_SCREENSHOTS") else {
        return Ok(());
    };
    let dir = workspace_root().join(PathBuf::from(dir));
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), client.screenshot().await?)?;
    Ok(())
}

/// Checks the screen as it is now (after a short settle for transitions and data), saves its
/// screenshot when asked to, and returns its serious and critical violations.
pub async fn check(
    client: &Client,
    screen: &str,
) -> Result<Vec<Finding>, Box<dyn std::error::Error + Send + Sync>> {
    tokio::time::sleep(Duration::from_millis(700)).await;
    let present = client
        .execute("return typeof window.axe === 'object'", vec![])
        .await?;
    if present != serde_json::Value::Bool(true) {
        let inject = format!("{}\n;return typeof window.axe;", axe_source());
        let kind = client.execute(&inject, vec![]).await?;
        if kind != "object" {
            return Err(format!("axe-core did not load in the window ({kind})").into());
        }
    }
    let answer = client.execute_async(RUN, vec![]).await?;
    screenshot(client, screen).await?;
    if let Some(err) = answer.get("error") {
        return Err(format!("axe.run failed on {screen}: {err}").into());
    }
    let list = answer.as_array().ok_or("axe.run answered no list")?;
    let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_owned();
    Ok(list
        .iter()
        .map(|v| Finding {
            screen: screen.to_owned(),
            rule: text(v, "id"),
            impact: text(v, "impact"),
            help: text(v, "help"),
            targets: v["targets"]
                .as_array()
                .map(|t| {
                    t.iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect())
}

/// Fails with every finding, one line each, if there are any.
pub fn assert_clean(findings: &[Finding]) {
    if !findings.is_empty() {
        let lines: Vec<String> = findings.iter().map(ToString::to_string).collect();
        panic!(
            "{} serious or critical accessibility violations (axe-core, WCAG 2 A/AA):\n{}",
            findings.len(),
            lines.join("\n")
        );
    }
}
