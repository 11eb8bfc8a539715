//! Small bridges to browser APIs the app needs: downloads, reading files, the clock and
//! storage persistence, the URL.

use wasm_bindgen::JsCast;

/// Offers `text` as a file download named `file_name`.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_error)?;
    offer_blob(file_name, &blob)
}

/// Offers `bytes` (an .xlsx workbook, …) as a file download named `file_name`.
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js_error)?;
    offer_blob(file_name, &blob)
}

/// Puts `text` on the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let promise = gloo::utils::window().navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.map(|_| ()).map_err(js_error)
}

/// Draws an SVG document on a canvas at twice its size and offers it as a PNG download.
/// The SVG is loaded from a `blob:` URL (the page's img-src allows it).
pub async fn download_svg_as_png(file_name: &str, svg: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_error)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_error)?;
    let image = web_sys::HtmlImageElement::new().map_err(js_error)?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        image.set_onload(Some(&resolve));
        image.set_onerror(Some(&reject));
    });
    image.set_src(&url);
    let result = wasm_bindgen_futures::JsFuture::from(loaded).await;
    web_sys::Url::revoke_object_url(&url).ok();
    result.map_err(|_| "the map could not be drawn as an image".to_string())?;
    let (width, height) = (image.natural_width().max(1), image.natural_height().max(1));
    let canvas: web_sys::HtmlCanvasElement = gloo::utils::document()
        .create_element("canvas")
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| "no canvas".to_string())?;
    canvas.set_width(width * 2);
    canvas.set_height(height * 2);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(js_error)?
        .and_then(|c| c.dyn_into().ok())
        .ok_or("this browser cannot draw on a canvas")?;
    context.scale(2.0, 2.0).map_err(js_error)?;
    context.draw_image_with_html_image_element(&image, 0.0, 0.0).map_err(js_error)?;
    let png = js_sys::Promise::new(&mut |resolve, _reject| {
        canvas.to_blob_with_type(&resolve, "image/png").ok();
    });
    let png: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(png)
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| "the image could not be made".to_string())?;
    offer_blob(file_name, &png)
}

fn offer_blob(file_name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(js_error)?;
    let document = gloo::utils::document();
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(js_error)?.dyn_into().map_err(|_| "no anchor".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    // `hidden`, not a style attribute: the page's Content-Security-Policy refuses inline styles.
    anchor.set_hidden(true);
    let body = document.body().ok_or("no document body")?;
    body.append_child(&anchor).map_err(js_error)?;
    anchor.click();
    body.remove_child(&anchor).ok();
    // Revoking later lets the browser finish reading the blob first.
    gloo::timers::callback::Timeout::new(10_000, move || {
        web_sys::Url::revoke_object_url(&url).ok();
    })
    .forget();
    Ok(())
}

/// Reads a chosen file as bytes (a workbook, or text in any encoding).
pub async fn read_bytes(file: web_sys::File) -> Result<Vec<u8>, String> {
    if let Some(why) = super::input::file_too_large(file.size()) {
        return Err(why);
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(js_error)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Lets the browser paint (a progress message) before a long step runs: resolves just after
/// the next frame is painted (a frame callback, then a task), which is sooner than a fixed
/// wait; or after 100 ms where no frame comes (a tab in the background), so work goes on.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = gloo::utils::window();
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
        let after_paint = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = gloo::utils::window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = window.request_animation_frame(after_paint.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

pub fn js_error(value: wasm_bindgen::JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// Asks the browser to keep this site's data even under storage pressure. Returns whether
/// it was granted.
pub async fn request_persistent_storage() -> Option<bool> {
    let storage = gloo::utils::window().navigator().storage();
    let promise = storage.persist().ok()?;
    let granted = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    granted.as_bool()
}

/// Bytes used and available to this site, as the browser estimates them.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let storage = gloo::utils::window().navigator().storage();
    let promise = storage.estimate().ok()?;
    let estimate = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let read = |key: &str| js_sys::Reflect::get(&estimate, &key.into()).ok().and_then(|v| v.as_f64());
    Some((read("usage")?, read("quota")?))
}

/// Changes the URL's hash without a new history entry (and without a `hashchange` event).
pub fn replace_hash(hash: &str) {
    gloo::utils::history().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash)).ok();
}

pub fn is_online() -> bool {
    gloo::utils::window().navigator().on_line()
}
