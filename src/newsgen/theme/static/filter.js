// Filter-as-you-type for the entity index: hides names that do not match.
(function () {
  var input = document.getElementById("entity-filter");
  if (!input) return;
  input.parentElement.hidden = false;
  var items = Array.prototype.slice.call(document.querySelectorAll(input.dataset.filterList + " li"));
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var names = items.map(function (li) { return fold(li.firstElementChild.textContent); });
  input.addEventListener("input", function () {
    var query = fold(input.value.trim());
    items.forEach(function (li, i) { li.hidden = query !== "" && names[i].indexOf(query) === -1; });
  });
})();
