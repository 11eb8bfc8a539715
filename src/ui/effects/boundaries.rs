//! The boundaries runner: asks the boundaries module (a third wasm file, loaded on first
//! use) what a file holds, then to map and simplify it, and answers with a `BoundaryMsg`.

use crate::ui::boundary_flow::{BoundaryJob, BoundaryMsg};
use crate::ui::browser;
use crate::ui::geo::{import_boundaries, read_boundaries, render_map};
use crate::ui::state::Action;
use yew::Callback;

pub async fn run(job: BoundaryJob, dispatch: Callback<Action>) {
    // Lets the page paint "Reading…" before the module works on a file; a map is drawn at
    // once (the page keeps the last drawing meanwhile, so there is nothing to paint first).
    if !matches!(job, BoundaryJob::Render { .. }) {
        browser::yield_to_browser().await;
    }
    let msg = match job {
        BoundaryJob::Read { file, bytes } => {
            let summary = read_boundaries(&file, &bytes).await;
            BoundaryMsg::Summary { file, bytes, summary }
        }
        BoundaryJob::Import { file, bytes, options } => {
            BoundaryMsg::Imported(import_boundaries(&file, &bytes, &options).await)
        }
        BoundaryJob::Render { request, purpose } => {
            BoundaryMsg::Rendered { purpose, result: render_map(&request).await }
        }
    };
    dispatch.emit(Action::Boundaries(msg));
}
