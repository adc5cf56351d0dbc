// Swagger UI for the API's OpenAPI schema (templates/api/docs.html); a file, not an inline script, for the CSP.
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    supportedSubmitMethods: ["get"],
    validatorUrl: null,
  });
});
