// The recovery codes page: "Download as a text file" saves the ten codes shown, built here in
// the browser from the page itself (the server keeps no copy to send again). Without
// JavaScript the button stays hidden; the codes can still be copied or printed.
(function () {
  "use strict";
  var list = document.getElementById("recovery-codes");
  var button = document.querySelector("[data-download-codes]");
  if (!list || !button || !window.Blob || !window.URL) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var codes = Array.prototype.map.call(list.querySelectorAll("li"), function (item) {
      return item.textContent.trim();
    });
    var text =
      "Recovery codes for " + list.dataset.account + " at " + list.dataset.clinic + "\r\n" +
      "Each code signs you in once if you lose your authenticator app.\r\n\r\n" +
      codes.join("\r\n") + "\r\n";
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    link.download = "recovery-codes-" + list.dataset.account + ".txt";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  });
})();
