/* ЭЦП through NCALayer: ask the server for a one-time challenge, have NCALayer sign it
   (attached CMS, via ncalayer-js-client), post the signature back, follow where the server sends us.
   The server verifies everything; this script only carries the bytes. */
(function () {
  "use strict";

  function show(box, selector, text) {
    var node = box.querySelector(selector);
    node.textContent = text || "";
    node.hidden = !text;
  }

  function postJson(url, csrf, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  function firstError(data) {
    if (data.detail) { return data.detail; }
    var keys = Object.keys(data);
    for (var i = 0; i < keys.length; i += 1) {
      if (Array.isArray(data[keys[i]]) && data[keys[i]].length) { return data[keys[i]][0]; }
    }
    return "Сервер отклонил подпись.";
  }

  async function sign(box) {
    var button = box.querySelector("[data-eds-sign]");
    var csrf = box.dataset.csrf;
    button.disabled = true;
    show(box, "[data-eds-error]", "");
    try {
      show(box, "[data-eds-status]", "Получаем запрос на подпись…");
      var challenge = await postJson(box.dataset.challengeUrl, csrf);
      if (!challenge.ok) { throw new Error(firstError(challenge.data)); }
      show(box, "[data-eds-status]", "Подключаемся к NCALayer…");
      var client = new window.NCALayerClient(box.dataset.ncalayer, false);
      try {
        await client.connect();
      } catch (err) {
        throw new Error("NCALayer не отвечает. Запустите NCALayer и попробуйте снова.");
      }
      show(box, "[data-eds-status]", "Выберите ключ и подпишите в окне NCALayer…");
      var eku = box.dataset.eku ? box.dataset.eku.split(",") : [];
      var signature = await client.basicsSignCMS(
        window.NCALayerClient.basicsStorageAll,
        window.btoa(challenge.data.challenge),
        window.NCALayerClient.basicsCMSParamsAttached,
        { extKeyUsageOids: eku },
        "ru"
      );
      show(box, "[data-eds-status]", "Проверяем подпись…");
      var answer = await postJson(box.dataset.submitUrl, csrf, { challenge: challenge.data.challenge, signature: signature });
      if (!answer.ok) { throw new Error(firstError(answer.data)); }
      show(box, "[data-eds-status]", "Готово.");
      window.location.assign(answer.data.next || window.location.href);
    } catch (err) {
      show(box, "[data-eds-status]", "");
      show(box, "[data-eds-error]", err && err.canceledByUser ? "Подписание отменено." : (err.message || String(err)));
      button.disabled = false;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-eds]").forEach(function (box) {
      box.querySelector("[data-eds-sign]").addEventListener("click", function () { sign(box); });
    });
  });
}());
