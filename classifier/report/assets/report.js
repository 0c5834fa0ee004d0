(function () {
  var panel = document.getElementById("why");
  if (!panel) { return; }
  function show(span) {
    var why = JSON.parse(span.getAttribute("data-why"));
    var picked = document.querySelector(".s.picked");
    if (picked) { picked.classList.remove("picked"); }
    span.classList.add("picked");
    panel.textContent = "";
    var head = document.createElement("h3");
    head.textContent = "#" + why.i + ": " + why.label + " (confidence " + why.confidence + ")";
    panel.appendChild(head);
    why.sections.forEach(function (section) {
      var title = document.createElement("strong");
      title.textContent = section[0];
      panel.appendChild(title);
      var list = document.createElement("ul");
      section[1].forEach(function (line) {
        var item = document.createElement("li");
        item.textContent = line;
        list.appendChild(item);
      });
      panel.appendChild(list);
    });
  }
  document.querySelectorAll(".s").forEach(function (span) {
    span.addEventListener("click", function () { show(span); });
    span.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); show(span); }
    });
  });
})();
