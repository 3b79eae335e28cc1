// The sandbox chat page: the demo people, one person's chats with the bot (Feishu, and Telegram
// through telegram.js), the virtual clock.
// Everything goes through the JSON API under /sandbox/api (docs/sandbox.md); the page polls it
// every second and redraws only what changed. Plain browser JavaScript, no build step.
(() => {
  var API = '/sandbox/api';
  var POLL_MS = 1000;
  var WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

  var state = {
    people: [],
    selected: null,
    clock: null,
    clockAt: 0,
    rendered: {}, // message id → updates drawn
    tgDrawn: {}, // Telegram message id → state drawn
    busy: false,
    polling: false,
  };

  var $ = (id) => document.getElementById(id);

  function api(method, path, body) {
    var init = { method: method, headers: {} };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(API + path, init).then((r) =>
      r.json().then((data) => {
        if (!r.ok) throw new Error((data && data.error) || '请求失败（' + r.status + '）');
        return data;
      }),
    );
  }

  // ── toast ──
  var toastTimer = null;
  function toast(content, type) {
    var t = $('toast');
    t.textContent = content;
    t.className = 'toast toast-' + (type || 'info');
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => {
      t.hidden = true;
    }, 3500);
  }

  // ── time ──
  function parts(date, tz) {
    var f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    var o = {};
    f.formatToParts(date).forEach((p) => {
      o[p.type] = p.value;
    });
    var wd = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }[o.weekday];
    return {
      y: o.year,
      m: Number(o.month),
      d: Number(o.day),
      hh: o.hour,
      mm: o.minute,
      ss: o.second,
      wd: WEEKDAYS[wd],
    };
  }
  function tz() {
    return (state.clock && state.clock.timeZone) || 'Asia/Shanghai';
  }
  function shortTime(iso) {
    var p = parts(new Date(iso), tz());
    return p.m + '月' + p.d + '日 ' + p.wd + ' ' + p.hh + ':' + p.mm;
  }
  function virtualNow() {
    if (!state.clock) return null;
    return new Date(Date.parse(state.clock.now) + (performance.now() - state.clockAt) * state.clock.rate);
  }
  function drawClock() {
    var now = virtualNow();
    if (!now) return;
    var p = parts(now, tz());
    $('clock-date').textContent = p.y + '年' + p.m + '月' + p.d + '日 ' + p.wd;
    $('clock-time').textContent = p.hh + ':' + p.mm + ':' + p.ss;
    var next = state.clock.nextEvent;
    $('clock-next').textContent = next ? '下一个事件：' + shortTime(next) : '暂无已排定的事件';
  }
  function setClock(c) {
    state.clock = c;
    state.clockAt = performance.now();
    drawClock();
  }

  // ── people ──
  function drawPeople() {
    var nav = $('people');
    state.people.forEach((p) => {
      var item = nav.querySelector('[data-person="' + p.id + '"]');
      if (!item) {
        item = document.createElement('button');
        item.type = 'button';
        item.className = 'person';
        item.setAttribute('data-person', p.id);
        item.setAttribute('data-person-name', p.name);
        item.innerHTML =
          '<span class="avatar"></span><span class="who"><b class="name"></b><small ' +
          'class="role"></small></span><span class="badge" hidden></span>';
        item.querySelector('.avatar').textContent = p.name.slice(-2);
        item.querySelector('.name').textContent = p.name;
        item.querySelector('.role').textContent = p.roles.map((r) => r.label).join('；');
        item.addEventListener('click', () => {
          select(p.id);
        });
        nav.appendChild(item);
      }
      item.classList.toggle('active', p.id === state.selected);
      var badge = item.querySelector('.badge');
      var unread = p.id === state.selected ? 0 : p.unread + (p.telegramUnread || 0);
      badge.hidden = unread === 0;
      badge.textContent = unread > 99 ? '99+' : String(unread);
    });
  }

  function select(id) {
    if (state.selected === id) return;
    state.selected = id;
    state.rendered = {};
    state.tgDrawn = {};
    $('messages').innerHTML = '';
    $('tg-messages').innerHTML = '';
    try {
      localStorage.setItem('safeduty-sandbox-person', id);
    } catch (_e) {
      /* private mode */
    }
    var p = state.people.find((x) => x.id === id);
    $('chat-name').textContent = p ? p.name : '';
    $('chat-role').textContent = p ? p.roles.map((r) => r.label).join('；') + ' · ' + p.unitName : '';
    $('tg-name').textContent = p ? p.name : '';
    $('tg-state').textContent = p ? 'Telegram 用户 ' + p.telegramId : '';
    drawPeople();
    refresh(true);
  }

  // ── messages ──
  function onAction(message) {
    return (element, payload, source) => {
      if (source) source.disabled = true;
      var body = { person: state.selected, messageId: message.id, element: element };
      if (payload.form) body.form = payload.form;
      if (payload.value !== undefined) body.value = payload.value;
      api('POST', '/act', body)
        .then((r) => {
          if (r.toast) toast(r.toast.content, r.toast.type);
          else if (!r.ok) toast(r.error || '操作未完成', 'error');
          if (r.missing) markMissing(message.id, r.missing);
          if (r.message) drawMessage(r.message, true);
          return refresh(false);
        })
        .catch((e) => {
          toast(e.message, 'error');
        })
        .then(() => {
          if (source && source.isConnected) source.disabled = false;
        });
    };
  }

  function markMissing(messageId, names) {
    var box = document.querySelector('[data-message-id="' + messageId + '"]');
    if (!box) return;
    names.forEach((n) => {
      var c = box.querySelector('[name="' + CSS.escape(n) + '"]');
      if (c) c.classList.add('missing');
    });
  }

  function bubble(m) {
    var row = document.createElement('div');
    row.className = 'msg msg-' + m.from;
    row.setAttribute('data-message-id', m.id);
    var meta = document.createElement('div');
    meta.className = 'msg-meta';
    meta.textContent =
      (m.from === 'bot' ? 'SafeDuty · ' : '') + shortTime(m.at) + (m.kind === 'card' && m.updates ? ' · 已更新' : '');
    row.appendChild(meta);
    var content;
    if (m.kind === 'card') {
      content = window.SafeDutyCards.renderCard(m.card, onAction(m));
    } else if (m.kind === 'image') {
      content = document.createElement('div');
      content.className = 'bubble image';
      content.textContent = m.text || '🖼 图片';
    } else if (m.kind === 'file') {
      content = document.createElement('a');
      content.className = 'bubble file';
      content.href = API + '/files/' + encodeURIComponent(m.fileKey || '');
      content.textContent = '📎 ' + (m.text || '文件');
    } else {
      content = document.createElement('div');
      content.className = 'bubble';
      content.textContent = m.text || '';
    }
    row.appendChild(content);
    return row;
  }

  function drawMessage(m, force) {
    var list = $('messages');
    var old = list.querySelector('[data-message-id="' + m.id + '"]');
    if (old && !force && state.rendered[m.id] === m.updates) return false;
    var fresh = bubble(m);
    state.rendered[m.id] = m.updates;
    if (old) old.replaceWith(fresh);
    else list.appendChild(fresh);
    return !old;
  }

  function drawMessages(list) {
    var box = $('messages');
    var nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
    var ids = {};
    var added = false;
    list.forEach((m) => {
      ids[m.id] = true;
      if (drawMessage(m, false)) added = true;
    });
    Array.prototype.forEach.call(box.querySelectorAll('[data-message-id]'), (n) => {
      if (!ids[n.getAttribute('data-message-id')]) {
        delete state.rendered[n.getAttribute('data-message-id')];
        n.remove();
      }
    });
    $('empty').hidden = list.length > 0;
    if (added && (nearBottom || box.getAttribute('data-fresh') === '1')) box.scrollTop = box.scrollHeight;
    box.removeAttribute('data-fresh');
  }

  // ── Telegram pane ──
  function onTelegramTap(m, button, source) {
    source.disabled = true;
    api('POST', '/telegram/tap', { person: state.selected, messageId: m.id, data: button.data })
      .then((r) => {
        if (r.toast) toast(r.toast.content, 'info');
        else if (!r.ok) toast(r.error || '操作未完成', 'error');
        return refresh(false);
      })
      .catch((e) => {
        toast(e.message, 'error');
      })
      .then(() => {
        if (source.isConnected) source.disabled = false;
      });
  }

  function drawTelegram(list) {
    window.SafeDutyTelegram.draw($('tg-messages'), list, state.tgDrawn, API, shortTime, onTelegramTap);
    $('tg-empty').hidden = list.length > 0;
  }

  // ── polling ──
  function refresh(fresh) {
    if (fresh) {
      $('messages').setAttribute('data-fresh', '1');
      $('tg-messages').setAttribute('data-fresh', '1');
    }
    var who = state.selected;
    return Promise.all([
      api('GET', '/people'),
      api('GET', '/clock'),
      who ? api('GET', '/messages?person=' + encodeURIComponent(who)) : Promise.resolve([]),
      who ? api('GET', '/telegram/messages?person=' + encodeURIComponent(who)) : Promise.resolve([]),
    ])
      .then((r) => {
        state.people = r[0];
        setClock(r[1]);
        if (who === state.selected) {
          drawMessages(r[2]);
          drawTelegram(r[3]);
        }
        drawPeople();
        $('offline').hidden = true;
      })
      .catch(() => {
        $('offline').hidden = false;
      });
  }

  function poll() {
    if (state.polling) return;
    state.polling = true;
    refresh(false).then(() => {
      state.polling = false;
      setTimeout(poll, POLL_MS);
    });
  }

  // ── controls ──
  function busy(on) {
    state.busy = on;
    document.querySelectorAll('.clock button').forEach((b) => {
      b.disabled = on;
    });
    $('clock').classList.toggle('busy', on);
  }

  function advance(kind) {
    if (state.busy) return;
    busy(true);
    api('POST', '/clock', { advance: kind })
      .then((r) => {
        setClock(r.clock);
        return refresh(false);
      })
      .catch((e) => {
        toast(e.message, 'error');
      })
      .then(() => {
        busy(false);
      });
  }

  function reset() {
    if (state.busy || !window.confirm('重置演示？所有消息和记录将被清除，时钟回到起点。')) return;
    busy(true);
    api('POST', '/reset', {})
      .then((r) => {
        setClock(r.clock);
        state.rendered = {};
        state.tgDrawn = {};
        $('messages').innerHTML = '';
        $('tg-messages').innerHTML = '';
        toast('演示已重置', 'success');
        return refresh(true);
      })
      .catch((e) => {
        toast(e.message, 'error');
      })
      .then(() => {
        busy(false);
      });
  }

  // A composer's submit: types the text as the selected person on one channel.
  function sender(inputId, path, listId, after) {
    return (e) => {
      e.preventDefault();
      var input = $(inputId);
      var text = input.value.trim();
      if (!text || !state.selected) return;
      input.value = '';
      api('POST', path, { person: state.selected, text: text })
        .then((r) => {
          if (after) after(r);
          $(listId).setAttribute('data-fresh', '1');
          return refresh(false);
        })
        .catch((err) => {
          toast(err.message, 'error');
          input.value = text;
        });
    };
  }
  // A picture chosen in a composer's 📷: sent as the selected person, the file itself as the body.
  function photoSender(inputId, path, listId) {
    return () => {
      var input = $(inputId);
      var file = input.files && input.files[0];
      input.value = '';
      if (!file || !state.selected) return;
      fetch(API + path + '?person=' + encodeURIComponent(state.selected), {
        method: 'POST',
        headers: { 'content-type': file.type || 'application/octet-stream' },
        body: file,
      })
        .then((r) =>
          r.json().then((data) => {
            if (!r.ok) throw new Error((data && data.error) || '发送失败（' + r.status + '）');
            $(listId).setAttribute('data-fresh', '1');
            return refresh(false);
          }),
        )
        .catch((err) => {
          toast(err.message, 'error');
        });
    };
  }
  var send = sender('composer-text', '/text', 'messages');
  var sendTelegram = sender('tg-composer-text', '/telegram/text', 'tg-messages', (r) => {
    if (!r.receiving) toast('Telegram 渠道未运行：消息已排队，机器人连接后处理', 'info');
  });

  function load() {
    api('GET', '/people')
      .then((people) => {
        state.people = people;
        var saved = null;
        try {
          saved = localStorage.getItem('safeduty-sandbox-person');
        } catch (_e) {
          /* private mode */
        }
        var first = people.find((p) => p.id === saved) || people[0];
        drawPeople();
        if (first) select(first.id);
        poll();
      })
      .catch(() => {
        $('offline').hidden = false;
        setTimeout(load, 2000);
      });
  }

  function start() {
    document.querySelectorAll('[data-advance]').forEach((b) => {
      b.addEventListener('click', () => {
        advance(b.getAttribute('data-advance'));
      });
    });
    $('reset').addEventListener('click', reset);
    $('composer').addEventListener('submit', send);
    $('tg-composer').addEventListener('submit', sendTelegram);
    $('composer-photo').addEventListener('change', photoSender('composer-photo', '/photo', 'messages'));
    $('tg-composer-photo').addEventListener(
      'change',
      photoSender('tg-composer-photo', '/telegram/photo', 'tg-messages'),
    );
    setInterval(drawClock, 250);
    load();
  }

  start();
})();
