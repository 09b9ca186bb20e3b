// 枫桥助手 web chat. Plain DOM, no framework. Bot and user text is only ever set with
// textContent, never parsed as HTML. The conversation is named by an HttpOnly cookie the gateway
// sets: this script never sees or sends a conversation id. Every text and button it shows comes
// from the API, the welcome message included (GET /api/chat/history).
(function () {
  "use strict";

  var welcome = null;  // the gateway's welcome message, from the last history answer

  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("input");
  var sendButton = document.getElementById("send");
  var typing = document.getElementById("typing");
  var notice = document.getElementById("notice");
  var noticeText = document.getElementById("notice-text");
  var retryButton = document.getElementById("retry");
  var topics = document.getElementById("topics");
  var topicsToggle = document.getElementById("topics-toggle");
  var newButton = document.getElementById("new-conversation");

  var busy = false;
  var retryAction = null;

  function scrollToEnd() { log.scrollTop = log.scrollHeight; }

  function render(role, message) {
    var bubble = document.createElement("div");
    bubble.className = "message " + role;
    var text = document.createElement("div");
    text.className = "text";
    text.textContent = message.text || "";
    bubble.appendChild(text);
    var buttons = message.buttons || [];
    if (buttons.length) {
      var row = document.createElement("div");
      row.className = "buttons";
      row.setAttribute("role", "group");
      row.setAttribute("aria-label", "可选操作");
      buttons.forEach(function (button) {
        var element = document.createElement("button");
        element.type = "button";
        element.textContent = button.title;
        if (button.kind) { element.dataset.kind = button.kind; }
        element.addEventListener("click", function () {
          if (button.kind === "feedback") {
            row.querySelectorAll("button[data-kind=feedback]").forEach(function (b) { b.disabled = true; });
          }
          if (button.action) { button.action(); } else { send(button.payload, button.title); }
        });
        row.appendChild(element);
      });
      bubble.appendChild(row);
    }
    log.appendChild(bubble);
    scrollToEnd();
    return bubble;
  }

  function showNotice(message, retry, label) {
    noticeText.textContent = message;
    retryAction = retry;
    retryButton.textContent = label || "重试";
    notice.hidden = false;
  }

  function hideNotice() { notice.hidden = true; retryAction = null; }

  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
    sendButton.disabled = value;
    if (value) { scrollToEnd(); }
  }

  function errorMessage(response, body) {
    if (response && response.status === 503) { return "助手暂时无法回答（服务未就绪或正在重启），请稍后重试。"; }
    if (body && body.message) { return body.message; }
    return "网络连接失败，请检查网络后重试。";
  }

  // The conversation's binding (api/web_sessions.py): kept in this origin's storage, which a page on
  // another port or host cannot write, and sent with every request; without it the gateway does not
  // continue a conversation whose cookie someone else could have planted.
  var BINDING_HEADER = "X-Conversation-Binding";
  var BINDING_KEY = "fengqiao-conversation-binding";

  function storedBinding() {
    try { return window.localStorage.getItem(BINDING_KEY) || ""; } catch (e) { return memoryBinding; }
  }

  var memoryBinding = "";

  function keepBinding(response) {
    var value = response.headers.get(BINDING_HEADER);
    if (!value) { return; }
    memoryBinding = value;
    try { window.localStorage.setItem(BINDING_KEY, value); } catch (e) { /* storage off: this page only */ }
  }

  // A turn takes about a second; no answer at all within this long is a network that only looks
  // connected (one bar in a stairwell), and the page then answers as it does offline.
  var REQUEST_TIMEOUT_MS = 20000;

  function request(method, url, body, timeoutMs) {
    var options = { method: method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
    var bound = storedBinding();
    if (bound) { options.headers[BINDING_HEADER] = bound; }
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    var controller = window.AbortController ? new AbortController() : null;
    var timer = null;
    if (controller) {
      options.signal = controller.signal;
      timer = setTimeout(function () { controller.abort(); }, timeoutMs || REQUEST_TIMEOUT_MS);
    }
    function unreachable() {
      var error = new Error(errorMessage(null, null));
      error.offline = true;  // no answer at all: the network is gone, too slow, or the gateway unreachable
      throw error;
    }
    return fetch(url, options).then(function (response) {
      keepBinding(response);
      return response.json().catch(function (problem) {
        if (problem && problem.name === "AbortError") { unreachable(); }
        return null;
      }).then(function (data) {
        clearTimeout(timer);
        if (!response.ok) { var error = new Error(errorMessage(response, data)); error.status = response.status; throw error; }
        return data;
      });
    }, function () { clearTimeout(timer); unreachable(); });
  }

  // Offline (offline.js): the field guide the service worker kept, matched by keywords in the page.
  var pendingQuestion = null;  // a question typed offline, sent when the network is back and the officer agrees

  function offlineScenarioButtons(scenario) {
    var basis = scenario.policy_button;
    return [{ title: basis.title, action: function () { render("bot", { text: FengqiaoOffline.basisText(scenario) }); } }];
  }

  function answerOffline(text, typed) {
    return FengqiaoOffline.guide().then(function (guide) {
      var scenarios = guide.scenarios || [];
      var asked = scenarios.filter(function (s) { return s.payload === text; })[0];  // a topic or scenario button
      var basisOf = scenarios.filter(function (s) { return s.policy_button.payload === text; })[0];  // its basis button
      if (basisOf) {
        render("bot", { text: FengqiaoOffline.basisText(basisOf) });
      } else if (asked) {
        render("bot", { text: FengqiaoOffline.methodText(asked), buttons: offlineScenarioButtons(asked) });
      } else if (typed && FengqiaoOffline.isEmergency(text, guide.emergency_signals)) {
        render("bot", { text: guide.emergency_reply + "\n\n（离线）" });  // never a visit method for a possible emergency
        keepForLater(text);
      } else {
        var closest = FengqiaoOffline.closest(text, scenarios, 3);
        render("bot", {
          text: FengqiaoOffline.NOTICE + "\n" + FengqiaoOffline.SAFETY + "\n" +
            (closest.length ? "最接近的情形：" : "没有找到相近的情形，可以打开“话题目录”浏览。"),
          buttons: closest.map(function (s) {
            return { title: s.id + ". " + s.title, action: function () {
              render("bot", { text: FengqiaoOffline.methodText(s), buttons: offlineScenarioButtons(s) });
            } };
          })
        });
        if (typed) { keepForLater(text); }  // a question, not a button: worth sending when the network is back
      }
    });
  }

  // The question waits until the gateway answers again: asked when the browser says it is back online,
  // and every PROBE_EVERY_MS meanwhile, since a weak signal may never go "offline" at all.
  var PROBE_EVERY_MS = 15000;
  var PROBE_TIMEOUT_MS = 5000;
  var probeTimer = null;

  function stopProbing() { clearInterval(probeTimer); probeTimer = null; }

  function offerPendingQuestion() {
    stopProbing();
    showNotice("网络已恢复。要把离线时的问题“" + pendingQuestion + "”发给助手吗？", function () {
      var question = pendingQuestion;
      pendingQuestion = null;
      hideNotice();
      send(question);
    }, "发送");
  }

  function probeNetwork() {
    if (!pendingQuestion) { stopProbing(); return; }
    request("GET", "/healthz", undefined, PROBE_TIMEOUT_MS).then(function () {
      if (pendingQuestion) { offerPendingQuestion(); }
    }, function () { /* still no answer: the next probe asks again */ });
  }

  function keepForLater(question) {
    pendingQuestion = question;
    if (!probeTimer) { probeTimer = setInterval(probeNetwork, PROBE_EVERY_MS); }
  }

  window.addEventListener("online", probeNetwork);

  function send(message, label) {
    if (busy) { return; }
    var text = (message || "").trim();
    if (!text) { return; }
    hideNotice();
    render("user", { text: label || text });
    setBusy(true);
    request("POST", "/api/chat", { message: text }).then(function (data) {
      (data.messages || []).forEach(function (m) { render("bot", m); });
    }).catch(function (error) {
      if (error.offline && window.FengqiaoOffline) {
        return answerOffline(text, label === undefined).catch(function () {
          showNotice(error.message, function () { log.removeChild(log.lastChild); send(message, label); });
        });
      }
      showNotice(error.message, function () { log.removeChild(log.lastChild); send(message, label); });
    }).then(function () { setBusy(false); input.focus(); });
  }

  // History comes a page at a time (the latest first); "更早的消息" fetches the page before.
  function olderButton(cursor) {
    var more = document.createElement("button");
    more.type = "button";
    more.className = "older";
    more.textContent = "更早的消息";
    more.addEventListener("click", function () {
      more.disabled = true;
      request("GET", "/api/chat/history?before=" + encodeURIComponent(cursor)).then(function (data) {
        var first = more.nextSibling;
        log.removeChild(more);
        (data.items || []).forEach(function (item) {
          log.insertBefore(render(item.role === "user" ? "user" : "bot", item), first);
        });
        if (data.older !== null && data.older !== undefined) { log.insertBefore(olderButton(data.older), log.firstChild); }
      }).catch(function (error) { more.disabled = false; showNotice(error.message); });
    });
    return more;
  }

  function restoreHistory() {
    hideNotice();
    request("GET", "/api/chat/history").then(function (data) {
      log.textContent = "";
      welcome = data.welcome || null;
      var items = data.items || [];
      if (!items.length && welcome) { render("bot", welcome); }
      items.forEach(function (item) { render(item.role === "user" ? "user" : "bot", item); });
      if (data.older !== null && data.older !== undefined) { log.insertBefore(olderButton(data.older), log.firstChild); }
    }).catch(function (error) {
      log.textContent = "";
      if (error.offline && window.FengqiaoOffline) {
        render("bot", { text: FengqiaoOffline.NOTICE + "。现在没有网络：可以打开“话题目录”浏览处理方法，或输入关键词查找。" });
        return;
      }
      showNotice(error.message, restoreHistory);
    });
  }

  function startNewConversation() {
    if (busy) { return; }
    hideNotice();
    request("POST", "/api/chat/new", {}).then(function () {
      log.textContent = "";
      input.value = "";
      input.focus();
      if (welcome) { render("bot", welcome); } else { restoreHistory(); }
    }).catch(function (error) { showNotice(error.message, startNewConversation); });
  }

  function loadTopics() {
    request("GET", "/api/scenarios").then(function (groups) {
      topics.textContent = "";
      groups.forEach(function (group) {
        var heading = document.createElement("h2");
        heading.textContent = group.title;
        topics.appendChild(heading);
        var list = document.createElement("ul");
        group.scenarios.forEach(function (scenario) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = scenario.id + ". " + scenario.question;
          button.addEventListener("click", function () {
            toggleTopics(false);
            send(scenario.payload, scenario.title);
          });
          item.appendChild(button);
          list.appendChild(item);
        });
        topics.appendChild(list);
      });
    }).catch(function (error) {
      topics.textContent = "";
      var p = document.createElement("p");
      p.textContent = "话题目录加载失败：" + error.message;
      topics.appendChild(p);
      topics.dataset.loaded = "";
    });
  }

  function toggleTopics(open) {
    var show = open === undefined ? topics.hidden : open;
    topics.hidden = !show;
    topicsToggle.setAttribute("aria-expanded", String(show));
    if (show && !topics.dataset.loaded) { topics.dataset.loaded = "1"; loadTopics(); }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim() || busy) { return; }
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });
  retryButton.addEventListener("click", function () { if (retryAction) { retryAction(); } });
  topicsToggle.addEventListener("click", function () { toggleTopics(); });
  newButton.addEventListener("click", startNewConversation);

  restoreHistory();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* no offline copy: the page still works online */ });
  }
})();
