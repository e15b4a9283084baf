// /embed/?panes=...#v1:...  →  ../?embed&panes=...#v1:...  (the app itself reads the embed options).
// A separate file rather than an inline script, so the page works under a strict Content-Security-Policy.
// Same origin only: a path starting with `//` (or `/\`) would otherwise read as another host and carry the
// `#v1:` fragment (the whole workspace) there, so leading slashes collapse to one and the target's origin
// is checked before leaving.
(function () {
  var path = '/' + location.pathname.replace(/^[\/\\]+/, '');
  var base = path.replace(/\/embed(?:\/(?:index\.html)?)?$/, '/');
  var query = location.search.length > 1 ? '&' + location.search.slice(1) : '';
  var target = new URL(base + '?embed' + query + location.hash, location.href);
  if (target.protocol !== location.protocol || target.host !== location.host) return;
  location.replace(target.href);
})();
