// Print buttons. The Content-Security-Policy allows no inline script or
// onclick, so a button marked data-print prints the page from here. One
// listener on the document also serves the pages htmx swaps in (hx-boost),
// which do not run this file again.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (!button) {
    return;
  }
  event.preventDefault();
  window.print();
});

// The task list's "print" link opens its print view at #print: print it once
// it has loaded, and drop the mark so that going back or reloading does not
// print again.
function printOnArrival() {
  if (location.hash !== "#print") {
    return;
  }
  history.replaceState(history.state, "", location.pathname + location.search);
  window.print();
}
if (document.readyState === "complete") {
  printOnArrival();
} else {
  window.addEventListener("load", printOnArrival);
}
