// Sign-in to the trainers' console: the gateway answers with an HttpOnly session cookie.
(function () {
  "use strict";
  var form = document.getElementById("sign-in");
  var error = document.getElementById("sign-in-error");
  var button = document.getElementById("sign-in-button");

  function show(text) { error.textContent = text; error.hidden = false; }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    error.hidden = true;
    button.disabled = true;
    fetch("/api/admin/session", {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: document.getElementById("name").value.trim(),
                             password: document.getElementById("password").value })
    }).then(function (response) {
      if (response.ok) { window.location.assign("/admin"); return; }
      if (response.status === 429) {
        var seconds = Math.max(1, Math.ceil(Number(response.headers.get("Retry-After") || 60)));
        show("失败次数过多，请 " + (seconds < 120 ? seconds + " 秒" : Math.ceil(seconds / 60) + " 分钟") + "后再试。");
      } else if (response.status === 401) {
        show("账号或密码不正确。");
      } else {
        show("登录失败（" + response.status + "），请稍后再试。");
      }
    }).catch(function () {
      show("无法连接服务器，请检查网络后重试。");
    }).then(function () { button.disabled = false; });
  });
})();
