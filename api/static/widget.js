// Embeds the 枫桥助手 chat on any page: <script src="https://GATEWAY/widget.js" defer></script>
// A floating button opens the same chat page (served by the gateway) in a panel.
(function () {
  "use strict";
  if (window.__fengqiaoWidget) { return; }
  window.__fengqiaoWidget = true;

  var script = document.currentScript;
  var origin = script ? new URL(script.src, window.location.href).origin : window.location.origin;

  var button = document.createElement("button");
  button.type = "button";
  button.textContent = "枫桥助手";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "fengqiao-panel");
  button.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:2147483000;background:#1f4e9c;color:#fff;" +
    "border:none;border-radius:24px;padding:12px 18px;font-size:16px;box-shadow:0 2px 8px rgba(0,0,0,.25);cursor:pointer;";

  var panel = document.createElement("iframe");
  panel.id = "fengqiao-panel";
  panel.title = "枫桥助手 对话";
  panel.src = origin + "/";
  panel.hidden = true;
  panel.style.cssText = "position:fixed;right:16px;bottom:72px;z-index:2147483000;width:min(380px,calc(100vw - 32px));" +
    "height:min(600px,calc(100vh - 96px));border:1px solid #d9dee8;border-radius:12px;background:#fff;box-shadow:0 4px 16px rgba(0,0,0,.2);";

  button.addEventListener("click", function () {
    panel.hidden = !panel.hidden;
    button.setAttribute("aria-expanded", String(!panel.hidden));
  });

  function mount() { document.body.appendChild(panel); document.body.appendChild(button); }
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
