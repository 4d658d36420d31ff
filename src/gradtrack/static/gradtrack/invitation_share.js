// The invitation page's copy buttons (the link, the WeChat/SMS text); without JS the text stays selectable.
(function () {
  "use strict";
  var status = document.getElementById("share-status");
  function copied(ok) {
    if (status) { status.textContent = ok ? "已复制，可粘贴到微信或短信中发送" : "无法自动复制，请长按或选中文字后复制"; }
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      if (!field) { return; }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { copied(true); }, function () { copied(false); });
        return;
      }
      field.select();
      try { copied(document.execCommand("copy")); } catch (error) { copied(false); }
    });
  });
})();
