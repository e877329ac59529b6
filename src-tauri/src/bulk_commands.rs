//! The bulk import wizard's commands: each one line, delegating to `qrstation_core::bulk`.
//! Progress reaches the window over a Channel after every Graph answer.

use qrstation_core::bulk::{
    Again, JobInfo, JobStatus, Plan, PlanOptions, Progress, RunChoice, Selection,
};
use qrstation_core::export_files::SavedFile;
use tauri::{ipc::Channel, State};

use crate::{error::AppError, state::AppState};

type Res<T> = Result<T, AppError>;

/// Progress to the window over its Channel (a closed window just stops getting it); the
/// Import and Renewals tabs share it.
pub(crate) fn sender<T: tauri::ipc::IpcResponse + Send + Sync>(
    on_progress: Channel<T>,
) -> impl Fn(T) + Send + Sync {
    move |p| drop(on_progress.send(p))
}

/// Checks a CSV the person picked (its bytes, as read: invalid UTF-8 is reported, not
/// replaced) and says what each row will do.
#[tauri::command]
pub async fn bulk_plan_csv(
    state: State<'_, AppState>,
    name: String,
    csv: Vec<u8>,
    options: PlanOptions,
) -> Res<Plan> {
    let station = state.session.station().await?;
    Ok(state.bulk.plan_csv(&station, &name, &csv, &options).await?)
}

/// Plans everyone of a department or store, from Graph.
#[tauri::command]
pub async fn bulk_plan_selection(
    state: State<'_, AppState>,
    selection: Selection,
    options: PlanOptions,
) -> Res<Plan> {
    let station = state.session.station().await?;
    Ok(state
        .bulk
        .plan_selection(&station, &selection, &options)
        .await?)
}

/// Runs the plan on screen as a job.
#[tauri::command]
pub async fn bulk_run(
    state: State<'_, AppState>,
    choice: RunChoice,
    on_progress: Channel<Progress>,
) -> Res<Progress> {
    let station = state.session.station().await?;
    Ok(state
        .bulk
        .run(&station, &choice, sender(on_progress))
        .await?)
}

/// Continues a job, first retrying failed rows or re-issuing lost badges if asked.
#[tauri::command]
pub async fn bulk_resume(
    state: State<'_, AppState>,
    job: String,
    again: Again,
    on_progress: Channel<Progress>,
) -> Res<Progress> {
    let station = state.session.station().await?;
    Ok(state
        .bulk
        .resume(&station, &job, again, sender(on_progress))
        .await?)
}

/// Pauses or un-pauses the running job.
#[tauri::command]
pub fn bulk_pause(state: State<'_, AppState>, paused: bool) {
    state.bulk.pause(paused)
}

/// Cancels the running job after the batches in flight.
#[tauri::command]
pub fn bulk_cancel(state: State<'_, AppState>) {
    state.bulk.cancel()
}

/// Every job, newest first (works without signing in).
#[tauri::command]
pub async fn bulk_jobs(state: State<'_, AppState>) -> Res<Vec<JobInfo>> {
    Ok(state.bulk.jobs(state.session.store()).await?)
}

/// A job's counts and rows.
#[tauri::command]
pub async fn bulk_status(state: State<'_, AppState>, job: String) -> Res<JobStatus> {
    Ok(state.bulk.status(state.session.store(), &job).await?)
}

/// Writes a job's results CSV into the exports folder; its path and exports name.
#[tauri::command]
pub async fn bulk_export_results(state: State<'_, AppState>, job: String) -> Res<SavedFile> {
    let path = state
        .bulk
        .export_results(state.session.store(), &job)
        .await?;
    let dirs = qrstation_core::DataDir::new(&state.data_dir);
    Ok(SavedFile::of(&dirs, std::path::Path::new(&path)))
}

#[cfg(test)]
mod tests {
    //! The bulk commands over Tauri's mock IPC against the demo tenant: the CSV arrives as
    //! bytes (invalid UTF-8 is reported, not replaced) and printers are profile names.

    use tauri::{
        ipc::{CallbackFn, InvokeBody},
        test::{get_ipc_response, mock_builder, INVOKE_KEY},
        webview::InvokeRequest,
        WebviewWindowBuilder,
    };

    use crate::state::AppState;

    fn request(cmd: &str, json: serde_json::Value) -> InvokeRequest {
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(json),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        }
    }

    #[test]
    fn a_csv_arrives_as_bytes_and_printers_must_be_profiles() {
        let dir = tempfile::tempdir().unwrap();
        let state =
            tauri::async_runtime::block_on(AppState::open(dir.path().to_owned(), false)).unwrap();
        let app = crate::builder(mock_builder(), state)
            .build(tauri::generate_context!(test = true))
            .unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        get_ipc_response(&window, request("sign_in_demo", serde_json::json!({}))).unwrap();
        let plan = |bytes: &[u8]| {
            get_ipc_response(
                &window,
                request(
                    "bulk_plan_csv",
                    serde_json::json!({"name": "x.csv", "csv": bytes, "options": {}}),
                ),
            )
            .unwrap()
            .deserialize::<serde_json::Value>()
            .unwrap()
        };
        // 0xFF on line 3: reported there (and the file stops), not turned into U+FFFD.
        let p = plan(b"upn\nana@x.com\nb\xff@x.com\n");
        assert_eq!(p["problems"][0]["code"], "bulk.csv_encoding", "{p}");
        assert_eq!(p["problems"][0]["line"], 3);
        let p = plan(b"upn,printer\nnobody@x.com,file:/tmp/qrstation-evil.pdf\n");
        let codes: Vec<&str> = p["rows"][0]["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|x| x["code"].as_str())
            .collect();
        assert!(codes.contains(&"bulk.printer_not_profile"), "{p}");
        assert_eq!(p["rows"][0]["destination"]["kind"], "job");
        // The job's printer is a profile name too.
        let err = get_ipc_response(
            &window,
            request(
                "bulk_run",
                serde_json::json!({
                    "choice": {"template": null, "printer": "file:/tmp/qrstation-evil.pdf",
                               "pdf": true, "pinSlips": true},
                    "onProgress": "__CHANNEL__:9"
                }),
            ),
        )
        .unwrap_err();
        assert_eq!(err["code"], "bulk.printer_not_profile", "{err}");
        assert!(!std::path::Path::new("/tmp/qrstation-evil.pdf").exists());
    }
}
