// Starts cashplan. A file of its own, not an inline script: the page's
// Content-Security-Policy (index.html) allows scripts from the app's own files only.
// `.ci/publish` rewrites the two module paths below to their content-hashed names.
import init from './pkg/cashplan.js';

// The spreadsheet module (a second wasm file) is loaded the first time a spreadsheet is
// opened or a workbook exported, then kept; src/ui/xl.rs calls this. A failed load (offline
// before it was ever cached) is forgotten, so the next attempt tries again.
let spreadsheetModule = null;
window.cashplanXl = function () {
  if (!spreadsheetModule) {
    spreadsheetModule = import('./pkg/cashplan_xl.js')
      .then((module) => module.default().then(() => module))
      .catch((error) => { spreadsheetModule = null; throw error; });
  }
  return spreadsheetModule;
};

init().catch((error) => {
  const loading = document.getElementById('loading');
  if (loading) loading.textContent = 'cashplan could not start in this browser (' + error + '). Please use a recent Chrome, Edge or Firefox.';
});
