//! Reads the files the user chose, as bytes, and hands them to the reducer. A file over the
//! size the app can hold is refused by its size before it is read.

use super::{FileRef, ReadFile, ReadPurpose};
use crate::ui::browser;
use crate::ui::state::Action;
use std::rc::Rc;
use yew::Callback;

pub async fn read(purpose: ReadPurpose, files: Vec<FileRef>, dispatch: Callback<Action>) {
    let mut read = Vec::with_capacity(files.len());
    for file in files {
        let bytes = browser::read_bytes(file.file).await.map(Rc::new);
        read.push(ReadFile { name: file.name, bytes });
    }
    dispatch.emit(Action::FilesRead { purpose, files: read });
}
