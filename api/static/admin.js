// 枫桥助手训练台 (the trainers' console). Plain DOM and Chart.js; every text from the server is set
// with textContent. The session is an HttpOnly cookie: this script never sees a credential.
(function () {
  "use strict";

  var KIND_LABELS = { fallback: "没把握", out_of_scope: "已婉拒", unhelpful: "没帮助", emergency: "紧急情况",
    police_procedure: "执法程序", other_body: "其他组织" };
  var CHANNEL_LABELS = { web: "网页", wecom: "企业微信", telegram: "Telegram", api: "API" };
  var STAGE_LABELS = { training: "第 1 步（共 2 步）：训练新模型", evaluating: "第 2 步（共 2 步）：在评测集上比较新旧模型" };
  var STATE_LABELS = { running: "进行中", ready: "已完成", failed: "失败" };
  var ACTION_LABELS = { sign_in: "登录", sign_out: "退出登录", sign_in_failed: "登录失败", assign: "归类问题",
                        discard: "忽略问题", undo: "撤销处理", train: "开始训练", promote: "发布模型",
                        promote_refused: "发布被拒绝", promote_failed: "发布失败", rollback: "回退模型",
                        rollback_failed: "回退失败" };

  var scenarios = [];  // [{id, title}] from /api/scenarios
  var charts = {};
  var polling = null;
  var toastTimer = null;

  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  // one rounding rule with the server (guide/model_comparison.percent): one decimal, halves up
  function percent(value) { return value === null || value === undefined ? "—" : (Math.round(value * 1000 + 1e-6) / 10).toFixed(1) + "%"; }
  function when(iso) {
    if (!iso) { return ""; }
    var date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : iso + "Z");
    return date.toLocaleString("zh-CN", { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  }
  function scenarioName(id) {
    var found = scenarios.filter(function (s) { return s.id === id; })[0];
    return found ? "第" + id + "问 " + found.title : "第" + id + "问";
  }

  function api(method, path, body) {
    var options = { method: method, credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (response) {
      if (response.status === 401) { window.location.assign("/admin/sign-in"); throw new Error("signed out"); }
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var failure = new Error(data.message || ("HTTP " + response.status));
          failure.reasons = data.reasons || [];
          failure.status = response.status;
          throw failure;
        }
        return data;
      });
    });
  }

  function showFailure(error) {
    var banner = $("failure");
    banner.textContent = error.message + (error.reasons && error.reasons.length ? "：" + error.reasons.join("；") : "");
    banner.hidden = false;
  }
  function clearFailure() { $("failure").hidden = true; }

  function toast(text, undo) {
    $("toast-text").textContent = text;
    var undoButton = $("toast-undo");
    undoButton.hidden = !undo;
    undoButton.onclick = undo ? function () { undo(); $("toast").hidden = true; } : null;
    $("toast").hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { $("toast").hidden = true; }, 8000);
  }

  // Tabs

  var loaders = {};
  function select(tab) {
    document.querySelectorAll("[role=tab]").forEach(function (button) {
      var chosen = button === tab;
      button.setAttribute("aria-selected", chosen ? "true" : "false");
      $(button.getAttribute("aria-controls")).hidden = !chosen;
    });
    clearFailure();
    loaders[tab.getAttribute("aria-controls")]();
  }
  document.querySelectorAll("[role=tab]").forEach(function (tab) {
    tab.addEventListener("click", function () { select(tab); });
  });

  // The queue

  function queueQuery() {
    var params = new URLSearchParams();
    var days = $("filter-days").value;
    if (days === "range") {
      if ($("filter-from").value) { params.set("from", $("filter-from").value); }
      if ($("filter-to").value) { params.set("to", $("filter-to").value); }
    } else {
      params.set("days", days);
    }
    ["channel", "kind", "q"].forEach(function (name) {
      var value = $("filter-" + name).value.trim();
      if (value) { params.set(name, value); }
    });
    return params.toString();
  }

  function decide(entry, decision, scenario) {
    clearFailure();
    var body = { question: entry.question, decision: decision };
    if (decision === "scenario") { body.scenario = scenario; }
    return api("POST", "/api/admin/decisions", body).then(function (made) {
      var label = decision === "scenario" ? "已归入" + scenarioName(scenario)
        : decision === "out_of_scope" ? "已归入范围外" : "已忽略";
      toast(label + "：“" + entry.question + "”", function () { undo(made.id); });
      loadQueue();
    }).catch(showFailure);
  }

  function undo(decisionId) {
    clearFailure();
    return api("POST", "/api/admin/decisions/" + decisionId + "/undo", {}).then(function (undone) {
      toast("已撤销：“" + undone.question + "”回到待处理" +
        (undone.intent && !undone.example_removed ? "（例句已不在 reviewed.yml 中，可能已被移到其他训练文件，请开发者处理）" : ""));
      loadQueue();
    }).catch(showFailure);
  }

  function entryCard(entry) {
    var card = el("article", "entry");
    card.setAttribute("aria-label", entry.question);
    card.appendChild(el("p", "question", entry.question));
    var kinds = Object.keys(entry.kinds).map(function (k) { return KIND_LABELS[k] + " " + entry.kinds[k]; }).join("，");
    var channels = entry.channels.map(function (c) { return CHANNEL_LABELS[c] || c; }).join("、");
    card.appendChild(el("p", "meta",
      "问了 " + entry.asked + " 次 · " + entry.conversations + " 个对话（含相似问题 " + entry.similar_conversations + " 个） · " +
      kinds + " · " + channels + " · 最近 " + when(entry.last_asked)));
    var actions = el("div", "actions");
    var declined = Object.keys(entry.kinds).every(function (k) { return k === "out_of_scope" || k === "police_procedure" || k === "other_body"; });
    entry.candidates.filter(function (candidate) { return candidate.scenario; }).forEach(function (candidate, index) {
      var confidence = candidate.confidence < 0.01 ? "<1%" : Math.round(candidate.confidence * 100) + "%";
      var button = el("button", index === 0 && !declined ? "primary" : "", "归入第" + candidate.scenario + "问 " +
        (candidate.title || "") + " (" + confidence + ")");
      button.type = "button";
      button.addEventListener("click", function () { decide(entry, "scenario", candidate.scenario); });
      actions.appendChild(button);
    });
    var other = el("select", "other");
    other.setAttribute("aria-label", "归入其他场景");
    other.appendChild(el("option", "", "归入其他场景…"));
    scenarios.forEach(function (s) {
      var option = el("option", "", s.id + ". " + s.title);
      option.value = String(s.id);
      other.appendChild(option);
    });
    other.addEventListener("change", function () {
      if (other.value) { decide(entry, "scenario", Number(other.value)); }
    });
    actions.appendChild(other);
    var outside = el("button", declined ? "primary" : "", "范围外");
    outside.type = "button";
    outside.addEventListener("click", function () { decide(entry, "out_of_scope"); });
    actions.appendChild(outside);
    var ignore = el("button", "plain", "忽略");
    ignore.type = "button";
    ignore.addEventListener("click", function () { decide(entry, "discard"); });
    actions.appendChild(ignore);
    card.appendChild(actions);
    return card;
  }

  function loadQueue() {
    return Promise.all([api("GET", "/api/admin/queue?" + queueQuery()), api("GET", "/api/admin/decisions?limit=20")])
      .then(function (results) {
        var queue = results[0];
        var holder = $("queue-groups");
        holder.textContent = "";
        $("queue-summary").textContent = queue.questions ? "共 " + queue.questions + " 个待处理问题，按最接近的场景分组，问得多的在前。"
          : "没有待处理的问题。";
        queue.groups.forEach(function (group) {
          var section = el("section", group.boundary === "emergency" ? "group emergency" : "group");
          section.appendChild(el("h2", "", (group.boundary === "emergency" ? "⚠️ 按紧急情况答复的问题（请确认是否真是紧急情况）"
            : group.scenario ? "最接近：" + scenarioName(group.scenario) : "没有接近的场景") + " · " + group.asked + " 次"));
          group.entries.forEach(function (entry) { section.appendChild(entryCard(entry)); });
          holder.appendChild(section);
        });
        var list = $("decision-list");
        list.textContent = "";
        results[1].decisions.forEach(function (decision) {
          var item = el("li", "", when(decision.at) + " " + decision.actor + "：“" + decision.question + "” → " +
            (decision.decision === "scenario" ? scenarioName(decision.scenario)
              : decision.decision === "out_of_scope" ? "范围外" : "忽略") + " ");
          var button = el("button", "plain", "撤销");
          button.type = "button";
          button.setAttribute("aria-label", "撤销：" + decision.question);
          button.addEventListener("click", function () { undo(decision.id); });
          item.appendChild(button);
          list.appendChild(item);
        });
      }).catch(showFailure);
  }
  loaders.queue = loadQueue;

  var searchTimer = null;
  $("queue-filter").addEventListener("input", function (event) {
    document.querySelectorAll(".range").forEach(function (label) { label.hidden = $("filter-days").value !== "range"; });
    clearTimeout(searchTimer);
    searchTimer = setTimeout(loadQueue, event.target.id === "filter-q" ? 300 : 0);
  });
  $("queue-filter").addEventListener("submit", function (event) { event.preventDefault(); loadQueue(); });

  // Training, comparison, promotion

  function comparisonRows(run, figures) {
    var body = $("comparison-table").querySelector("tbody");
    body.textContent = "";
    var live = run.figures.live, fresh = run.figures.new;
    Object.keys(live).forEach(function (set) {
      figures.forEach(function (figure) {
        var key = figure.key, before = live[set][key], after = fresh[set] ? fresh[set][key] : null;
        var row = el("tr");
        row.appendChild(el("td", "", set));
        row.appendChild(el("td", "", figure.label));
        row.appendChild(el("td", "number", percent(before)));
        row.appendChild(el("td", "number", percent(after)));
        var change = after === null ? null : after - before;
        var better = change === null || Math.abs(change) < 1e-9 ? "" : (change > 0) === figure.higher_is_better ? "better" : "worse";
        row.appendChild(el("td", "number " + better, change === null ? "—" : (change > 0 ? "+" : "") + (change * 100).toFixed(1)));
        body.appendChild(row);
      });
    });
  }

  function renderTraining(state) {
    var live = state.live;
    $("live-model").textContent = live.run_id ? "第 " + live.run_id + " 次训练的模型" : "初始模型（" + live.path.split("/").pop() + "）";
    $("reviewed-count").textContent = state.reviewed_examples;
    $("rollback").hidden = !state.rollback_to;
    var running = state.runs.filter(function (run) { return run.state === "running"; })[0];
    $("train").disabled = Boolean(running);
    $("run-progress").hidden = !running;
    if (running) {
      $("run-stage").textContent = "第 " + running.id + " 次训练 · " + STAGE_LABELS[running.stage] + " · 已用时 " + running.elapsed_seconds + " 秒";
      if (running.progress === null) { $("run-bar").removeAttribute("value"); } else { $("run-bar").value = running.progress; }
      $("run-message").textContent = running.message;
    }
    var latest = state.runs.filter(function (run) { return run.state === "ready"; })[0];
    var candidate = latest && !latest.live && latest.id > (live.run_id || 0) ? latest : null;
    $("comparison").hidden = !candidate;
    if (candidate) {
      $("comparison-title").textContent = "第 " + candidate.id + " 次训练：新模型与现用模型对比";
      comparisonRows(candidate, state.figures);
      var refusals = $("refusals");
      refusals.textContent = "";
      candidate.refusals.forEach(function (reason) { refusals.appendChild(el("li", "", reason)); });
      var worse = $("worse-answers");
      worse.textContent = "";
      if (candidate.refusals.length) {
        worse.appendChild(el("p", "", state.next_step));
        if (candidate.worse_answers.length) {
          worse.appendChild(el("p", "", "新模型答得比现用模型差的问题（" + candidate.worse_answers.length + " 个）："));
          var list = el("ul");
          candidate.worse_answers.forEach(function (item) {
            list.appendChild(el("li", "", "“" + item.question + "”（" + item.set + "）应为：" + item.expected +
              "；现用模型：" + item.live + "；新模型：" + item.new));
          });
          worse.appendChild(list);
        }
      }
      $("verdict").textContent = candidate.refusals.length ? "新模型在下列指标上比现用模型差，不能发布："
        : "新模型不比现用模型差（容差 " + (state.tolerance * 100).toFixed(1) + " 个百分点），可以发布。";
      $("verdict").className = candidate.refusals.length ? "error" : "ok";
      $("promote").dataset.run = candidate.id;
      $("promote").disabled = candidate.refusals.length > 0;
    }
    var runs = $("runs-table").querySelector("tbody");
    runs.textContent = "";
    state.runs.forEach(function (run) {
      var row = el("tr");
      [run.id, when(run.started_at), run.started_by, (STATE_LABELS[run.state] || run.state) + (run.live ? "（现用）" : ""),
       run.elapsed_seconds + " 秒", run.message].forEach(function (value) { row.appendChild(el("td", "", value)); });
      runs.appendChild(row);
    });
    clearTimeout(polling);
    if (running) { polling = setTimeout(loadTraining, 2000); }
  }

  function loadTraining() {
    return Promise.all([api("GET", "/api/admin/training"), api("GET", "/api/admin/decisions?limit=1")]).then(function (results) {
      $("reviewed-file").textContent = results[1].reviewed_file;
      renderTraining(results[0]);
    }).catch(showFailure);
  }
  loaders.training = loadTraining;

  $("train").addEventListener("click", function () {
    clearFailure();
    $("train").disabled = true;
    api("POST", "/api/admin/training", {}).then(function (started) {
      toast("第 " + started.run_id + " 次训练已开始，完成后会显示新旧模型对比。");
      loadTraining();
    }).catch(function (error) { showFailure(error); loadTraining(); });
  });

  $("promote").addEventListener("click", function () {
    clearFailure();
    $("promote").disabled = true;
    api("POST", "/api/admin/training/" + $("promote").dataset.run + "/promote", {}).then(function () {
      toast("新模型已发布，所有 Rasa 实例都在用它。");
      loadTraining();
    }).catch(function (error) { showFailure(error); loadTraining(); });
  });

  $("rollback").addEventListener("click", function () {
    if (!window.confirm("回退到上一个模型？")) { return; }
    clearFailure();
    api("POST", "/api/admin/model/rollback", {}).then(function () {
      toast("已回退到上一个模型。");
      loadTraining();
    }).catch(function (error) { showFailure(error); loadTraining(); });
  });

  // Charts

  function draw(id, config) {
    if (charts[id]) { charts[id].destroy(); }
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    charts[id] = new window.Chart($(id), config);
  }

  function loadCharts() {
    return api("GET", "/api/admin/charts?days=" + $("chart-days").value).then(function (figures) {
      var labels = figures.days.map(function (day) { return day.date.slice(5); });
      function series(key) { return figures.days.map(function (day) { return day[key]; }); }
      draw("chart-per-day", { type: "bar", data: { labels: labels, datasets: [
        { label: "直接回答", data: series("answered"), backgroundColor: "#2e7d32" },
        { label: "您是想问（没把握）", data: series("did_you_mean"), backgroundColor: "#f9a825" },
        { label: "已婉拒", data: series("declined"), backgroundColor: "#c62828" }] },
        options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } } });
      draw("chart-share", { type: "line", data: { labels: labels, datasets: [
        { label: "直接回答的比例", data: figures.days.map(function (day) { return day.share_answered === null ? null : day.share_answered * 100; }),
          borderColor: "#1f4e9c", backgroundColor: "#1f4e9c", spanGaps: true }] },
        options: { scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } } } });
      draw("chart-top", { type: "bar", data: { labels: figures.top_scenarios.map(function (s) { return s.scenario + ". " + (s.title || ""); }),
        datasets: [{ label: "次数", data: figures.top_scenarios.map(function (s) { return s.count; }), backgroundColor: "#1f4e9c" }] },
        options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } } });
      var feedback = figures.feedback;
      draw("chart-feedback", { type: "doughnut", data: { labels: ["有帮助", "没帮助"],
        datasets: [{ data: [feedback.helpful, feedback.not_helpful], backgroundColor: ["#2e7d32", "#c62828"] }] } });
      $("feedback-summary").textContent = feedback.share_helpful === null ? "这段时间没有反馈。"
        : "有帮助 " + feedback.helpful + " 次，没帮助 " + feedback.not_helpful + " 次（有帮助 " + percent(feedback.share_helpful) + "）";
    }).catch(showFailure);
  }
  loaders.charts = loadCharts;
  $("chart-days").addEventListener("change", loadCharts);

  // Audit

  function loadAudit() {
    return api("GET", "/api/admin/audit?limit=200").then(function (audit) {
      var body = $("audit-table").querySelector("tbody");
      body.textContent = "";
      audit.entries.forEach(function (entry) {
        var row = el("tr");
        var detail = entry.detail || {};
        var subject = entry.subject + (detail.intent ? " → " + detail.intent : "") +
          (detail.reasons ? "（" + detail.reasons.join("；") + "）" : "") + (detail.error ? "（" + detail.error + "）" : "");
        [when(entry.at), entry.actor, ACTION_LABELS[entry.action] || entry.action, subject].forEach(function (value) {
          row.appendChild(el("td", "", value));
        });
        body.appendChild(row);
      });
    }).catch(showFailure);
  }
  loaders.audit = loadAudit;

  // Start

  $("sign-out").addEventListener("click", function () {
    api("DELETE", "/api/admin/session").then(function () { window.location.assign("/admin/sign-in"); }).catch(showFailure);
  });

  Promise.all([api("GET", "/api/admin/me"), fetch("/api/scenarios").then(function (r) { return r.json(); })])
    .then(function (results) {
      $("who").textContent = results[0].name;
      results[1].forEach(function (group) {
        group.scenarios.forEach(function (s) { scenarios.push({ id: s.id, title: s.title }); });
      });
      scenarios.sort(function (a, b) { return a.id - b.id; });
      loadQueue();
    }).catch(showFailure);
})();
