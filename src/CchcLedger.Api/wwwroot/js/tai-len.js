// Upload progress for forms that send files (data-upload): a convenience only. Without JavaScript, or without files
// chosen, the form is sent as an ordinary form post and works the same. With files, the form is sent by XMLHttpRequest so
// that the <progress> element inside it can show the upload; the page the server answers (after its redirect) replaces this one.
(function () {
  'use strict';
  document.querySelectorAll('form[data-upload]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      var input = form.querySelector('input[type=file]');
      var bar = form.querySelector('progress.upload');
      if (!input || !input.files || input.files.length === 0 || !bar || !window.FormData) return;
      event.preventDefault();
      var button = form.querySelector('button[type=submit]');
      if (button) button.disabled = true;
      bar.hidden = false;
      var request = new XMLHttpRequest();
      request.open('POST', form.action);
      request.upload.addEventListener('progress', function (e) {
        if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; }
      });
      request.addEventListener('load', function () {
        var url = request.responseURL || form.action;
        document.open();
        document.write(request.responseText);
        document.close();
        history.replaceState(null, '', url + (form.action.indexOf('#') >= 0 ? form.action.substring(form.action.indexOf('#')) : ''));
      });
      request.addEventListener('error', function () {
        if (button) button.disabled = false;
        bar.hidden = true;
        form.submit();
      });
      request.send(new FormData(form));
    });
  });
})();
