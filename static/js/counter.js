/* A live count under each text area with a stated limit (data-maxlength). Progressive
   enhancement: without JavaScript the limit is stated in the help text and the server says
   when it is exceeded; nothing is ever cut. Line breaks count as one character, as on the
   server. */
(function () {
  "use strict";
  var areas = document.querySelectorAll("textarea[data-maxlength]");
  Array.prototype.forEach.call(areas, function (area) {
    var max = parseInt(area.getAttribute("data-maxlength"), 10);
    var text = area.getAttribute("data-counter-text") || "{count} / {max}";
    var counter = document.createElement("p");
    counter.className = "field__counter";
    counter.id = area.id + "_counter";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var count = area.value.replace(/\r\n?/g, "\n").length;
      counter.textContent = text.replace("{count}", count).replace("{max}", max);
      counter.classList.toggle("field__counter--over", count > max);
    }
    area.addEventListener("input", update);
    update();
  });
})();
