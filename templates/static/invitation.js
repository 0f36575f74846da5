// The token of an invitation or a password reset travels in the URL fragment, which browsers never send to the
// server: it stays out of access logs and Referer headers. Move it into the form and take it off the address bar.
(function () {
  var token = window.location.hash.slice(1);
  var field = document.getElementById("token");
  if (token && field) {
    field.value = token;
    history.replaceState(null, "", window.location.pathname);
  }
})();
