// /embed/?panes=...#v1:...  →  ../?embed&panes=...#v1:...  (the app itself reads the embed options).
// A separate file rather than an inline script, so the page works under a strict Content-Security-Policy.
(function () {
  var base = location.pathname.replace(/\/embed(?:\/(?:index\.html)?)?$/, '/');
  var query = location.search.length > 1 ? '&' + location.search.slice(1) : '';
  location.replace(base + '?embed' + query + location.hash);
})();
