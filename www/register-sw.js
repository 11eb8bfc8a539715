// Registers the service worker that keeps cashplan working offline, and tells the user
// when a new version has been downloaded so they can reload when it suits them.
(function () {
  if (!('serviceWorker' in navigator)) return;
  function showUpdateBanner(worker) {
    if (document.getElementById('update-banner')) return;
    var banner = document.createElement('div');
    banner.id = 'update-banner';
    banner.setAttribute('role', 'status');
    banner.textContent = 'A new version of cashplan is ready. Your work is saved. ';
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Reload now';
    function reloadNow() {
      updateRequested = true;
      if (worker.state === 'activated') window.location.reload();
      else worker.postMessage('skip-waiting');
    }
    // The app's save status (src/ui/app.rs): reloading waits until what is being saved is
    // stored, and never reloads over changes that could not be saved.
    function saveStatus() {
      var pill = document.getElementById('save-status');
      return pill ? pill.textContent : '';
    }
    button.addEventListener('click', function () {
      // Edits still in the autosave pause are saved now.
      window.dispatchEvent(new Event('cashplan-flush'));
      button.disabled = true;
      var started = Date.now();
      (function waitForSave() {
        var status = saveStatus();
        if (status.indexOf('Not saved') === 0) {
          button.disabled = false;
          banner.firstChild.textContent = 'A new version of cashplan is ready. Your latest changes are not saved yet (see the message on the page): reload once they are. ';
          return;
        }
        if (status === 'Saving…' && Date.now() - started < 30000) {
          button.textContent = 'Saving your work first…';
          setTimeout(waitForSave, 100);
          return;
        }
        reloadNow();
      })();
    });
    banner.appendChild(button);
    document.body.appendChild(banner);
  }
  // Only an update the user asked for reloads the page; the first install taking control
  // of the page must not interrupt someone who is already typing.
  var updateRequested = false;
  navigator.serviceWorker.addEventListener('controllerchange', function () {
    if (!updateRequested) return;
    updateRequested = false;
    setTimeout(function () { window.location.reload(); }, 300);
  });
  window.addEventListener('load', function () {
    navigator.serviceWorker.register('./sw.js').then(function (registration) {
      if (registration.waiting && navigator.serviceWorker.controller) showUpdateBanner(registration.waiting);
      registration.addEventListener('updatefound', function () {
        var worker = registration.installing;
        if (!worker) return;
        worker.addEventListener('statechange', function () {
          if (worker.state === 'installed' && navigator.serviceWorker.controller) showUpdateBanner(worker);
        });
      });
    }).catch(function (error) {
      console.warn('cashplan: offline support is not available:', error);
    });
  });
})();
