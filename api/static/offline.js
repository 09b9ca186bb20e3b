// 枫桥助手 offline: the field guide kept by the service worker (GET /api/scenarios/offline), a small
// keyword matcher over it, and the texts shown when the network is gone. Used by chat.js; no DOM here.
(function () {
  "use strict";

  var NOTICE = "离线：按关键词匹配，联网后可获得完整回答";
  var SAFETY = "⚠️ 如现场有人身安全危险，请立即拨打110/120/119，并报告值班所领导。";
  var CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮";

  // Matching without the assistant: characters and character pairs of the question against each
  // scenario's title, question, steps and keywords, weighted by rarity (idf), single characters less,
  // longer scenarios slightly discounted. Chosen on tests/data/blind_dev.tsv (docs/offline.md).
  var SINGLE_WEIGHT = 0.3;
  var LENGTH_DISCOUNT = 0.3;

  function features(text) {
    var plain = (text || "").toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, "");
    var found = {};
    for (var i = 0; i < plain.length; i++) {
      found["1" + plain.charAt(i)] = true;
      if (i + 1 < plain.length) { found["2" + plain.slice(i, i + 2)] = true; }
    }
    return found;
  }

  // The scenarios closest to the question, best first.
  function closest(question, scenarios, count) {
    var documents = scenarios.map(function (s) {
      return features([s.title, s.question].concat(s.steps || [], s.keywords || []).join(" "));
    });
    var sizes = documents.map(function (d) { return Object.keys(d).length; });
    var average = sizes.reduce(function (sum, size) { return sum + size; }, 0) / (sizes.length || 1);
    var asked = Object.keys(features(question));
    var weight = {};
    asked.forEach(function (feature) {
      var holding = documents.filter(function (d) { return d[feature]; }).length;
      weight[feature] = holding ? Math.log(1 + scenarios.length / holding) * (feature.charAt(0) === "1" ? SINGLE_WEIGHT : 1) : 0;
    });
    return scenarios.map(function (scenario, index) {
      var score = asked.reduce(function (sum, feature) { return sum + (documents[index][feature] ? weight[feature] : 0); }, 0);
      return { scenario: scenario, score: score / Math.pow(sizes[index] / average, LENGTH_DISCOUNT) };
    }).filter(function (hit) { return hit.score > 0; })
      .sort(function (a, b) { return b.score - a.score; })
      .slice(0, count || 3)
      .map(function (hit) { return hit.scenario; });
  }

  function methodText(scenario) {
    return NOTICE + "\n【第" + scenario.id + "问】" + scenario.title + "\n" + scenario.question + "\n\n处理方法：\n" +
      (scenario.steps || []).map(function (step, index) { return (CIRCLED.charAt(index) || (index + 1) + ".") + " " + step; }).join("\n");
  }

  function basisText(scenario) {
    var passages = (scenario.policy || []).map(function (p) { return p.text + "\n——出处：" + p.citation; });
    return NOTICE + "\n「" + scenario.title + "」（第" + scenario.id + "问）的政策依据：\n\n" +
      (passages.length ? passages.join("\n\n") : "暂无");
  }

  function guide() {
    return fetch("/api/scenarios/offline", { headers: { "Accept": "application/json" } }).then(function (response) {
      if (!response.ok) { throw new Error("offline guide unavailable"); }
      return response.json();
    });
  }

  // The reviewed emergency signals of the bundle (data/knowledge/boundaries.yml), on the text normalised as
  // guide/text.normalise does: offline, a possible emergency is never answered with a visit method.
  function normalise(text) {
    return (text || "").normalize("NFKC").replace(/\p{Cf}/gu, "").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  function isEmergency(text, signals) {
    var plain = normalise(text);
    return (signals || []).some(function (patterns) {
      return patterns.every(function (pattern) {
        try { return new RegExp(pattern, "u").test(plain); } catch (e) { return false; }
      });
    });
  }

  window.FengqiaoOffline = { NOTICE: NOTICE, SAFETY: SAFETY, closest: closest, methodText: methodText, basisText: basisText,
                             guide: guide, isEmergency: isEmergency };
})();
