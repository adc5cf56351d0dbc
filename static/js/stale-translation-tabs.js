// Marks the language tab (made by django-modeltranslation) of each English field flagged "possibly out of date":
// the field carries the class stale-translation and its tab links to "#tab_<field id>". Runs after
// modeltranslation's own ready handler, which builds the tabs (this file is loaded after it).
(function () {
  function markTabs() {
    document.querySelectorAll(".stale-translation[id]").forEach(function (field) {
      var link = document.querySelector('a[href="#tab_' + field.id + '"]');
      var help = document.getElementById(field.id + "_helptext");
      if (link) {
        link.parentElement.classList.add("stale-translation-tab");
        if (help) {
          link.title = help.textContent.trim();
        }
      }
    });
  }
  var jQuery = window.jQuery || (window.django && window.django.jQuery);
  if (jQuery) {
    jQuery(function () {
      window.setTimeout(markTabs, 0);
    });
  } else {
    window.addEventListener("load", markTabs);
  }
})();
