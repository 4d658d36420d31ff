// The employer form keeps a draft while the employer types: changes are posted (without the stamp file)
// to the draft endpoint a moment after the last keystroke, with the step they belong to. No inline script
// (CSP). The form works without it: every button posts and redirects.
(function () {
  "use strict";
  var form = document.getElementById("employer-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("draft-status");
  var timer = null;

  function save() {
    var data = new FormData(form);
    data.delete("stamp_scan");
    data.delete("action");
    fetch(form.dataset.draftUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": data.get("csrfmiddlewaretoken") || "" }
    }).then(function (response) {
      return response.json().then(function (body) {
        if (status) {
          status.textContent = body.saved ? "草稿已自动保存（" + body.at + "）" : (body.detail || "草稿未能保存");
        }
      });
    }).catch(function () {
      if (status) { status.textContent = "网络异常，草稿暂未保存，可稍后点击“保存草稿”"; }
    });
  }

  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 800);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);

  var scan = form.querySelector(".gt-file-input");
  var scanName = document.getElementById("stamp-scan-name");
  if (scan && scanName) {
    scan.addEventListener("change", function () {
      scanName.textContent = scan.files.length ? "已选择：" + scan.files[0].name + "（提交时上传）" : "未选择文件";
    });
  }

  // 全部良好 without a round trip: every row of the matrix to 良好, then the employer adjusts (the button
  // posts action=all_good when JS is off).
  var allGood = document.getElementById("all-good");
  if (allGood) {
    allGood.addEventListener("click", function (event) {
      event.preventDefault();
      form.querySelectorAll('.gt-matrix input[type="radio"][value="good"]').forEach(function (radio) {
        radio.checked = true;
      });
      if (status) { status.textContent = "已全部选为“良好”，请调整个别项目"; }
      later();
    });
  }
})();
