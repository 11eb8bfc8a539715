// Starts cashplan. A file of its own, not an inline script: the page's
// Content-Security-Policy (index.html) allows scripts from the app's own files only.
// `.ci/publish` rewrites the module paths below to their content-hashed names.
import init from './pkg/cashplan.js';

// The spreadsheet module (a second wasm file) is loaded the first time a spreadsheet is
// opened or a workbook exported, then kept; src/ui/xl.rs calls this. A failed load (offline
// before it was ever cached) is forgotten, so the next attempt tries again.
function onDemand(load) {
  let module = null;
  return function () {
    if (!module) {
      module = load()
        .then((loaded) => loaded.default().then(() => loaded))
        .catch((error) => { module = null; throw error; });
    }
    return module;
  };
}
window.cashplanXl = onDemand(() => import('./pkg/cashplan_xl.js'));
// The boundaries module (a third wasm file: shapefiles, GeoJSON, simplification) is loaded
// the first time boundaries are read; src/ui/geo.rs calls this.
window.cashplanGeo = onDemand(() => import('./pkg/cashplan_geo.js'));

init().catch((error) => {
  const loading = document.getElementById('loading');
  if (loading) loading.textContent = 'cashplan could not start in this browser (' + error + '). Please use a recent Chrome, Edge or Firefox.';
});
