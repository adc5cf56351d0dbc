// Marks the language tab (made by django-modeltranslation) of each English field flagged "possibly out of date":
// the field carries the class stale-translation and its tab links to "#tab_<field id>".
window.addEventListener("load", function () {
  document.querySelectorAll(".stale-translation[id]").forEach(function (field) {
    var link = document.querySelector('a[href="#tab_' + field.id + '"]');
    if (link) {
      link.parentElement.classList.add("stale-translation-tab");
      link.title = field.closest(".form-row, .fieldBox, td")?.querySelector(".help")?.textContent.trim() || link.title;
    }
  });
});
