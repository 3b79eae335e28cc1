// The sandbox page's Telegram pane: one person's Telegram chat with the bot, drawn from what the
// bot actually sent to the Telegram emulator (text + entities, inline keyboards, files), in its
// current state after edits. Tapping a button taps it in the emulator. Plain browser JavaScript.
(function () {
  'use strict';

  var TAGS = {
    bold: 'b',
    italic: 'i',
    underline: 'u',
    strikethrough: 's',
    code: 'code',
    pre: 'pre',
    blockquote: 'blockquote',
    expandable_blockquote: 'blockquote',
  };

  function elementFor(e) {
    if (e.type === 'text_link' && /^https?:\/\//i.test(e.url || '')) {
      var a = document.createElement('a');
      a.href = e.url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      return a;
    }
    var el = document.createElement(TAGS[e.type] || 'span');
    if (e.type === 'spoiler') el.className = 'tg-spoiler';
    return el;
  }

  // Text with its MessageEntity list (offsets in UTF-16 code units, as JavaScript strings count).
  function formatted(text, entities) {
    var root = document.createDocumentFragment();
    var sorted = (entities || []).slice().sort(function (a, b) {
      return a.offset - b.offset || b.length - a.length;
    });
    function build(parent, start, end, list) {
      var pos = start;
      var i = 0;
      while (i < list.length) {
        var e = list[i];
        var stop = Math.min(end, e.offset + e.length);
        if (e.offset > pos) parent.appendChild(document.createTextNode(text.slice(pos, e.offset)));
        var inner = [];
        var j = i + 1;
        while (j < list.length && list[j].offset < stop) {
          inner.push(list[j]);
          j++;
        }
        var el = elementFor(e);
        build(el, Math.max(pos, e.offset), stop, inner);
        parent.appendChild(el);
        pos = Math.max(pos, stop);
        i = j;
      }
      if (pos < end) parent.appendChild(document.createTextNode(text.slice(pos, end)));
    }
    build(root, 0, text.length, sorted);
    return root;
  }

  function keyboard(m, onTap) {
    var box = document.createElement('div');
    box.className = 'tg-keyboard';
    m.keyboard.forEach(function (row) {
      var line = document.createElement('div');
      line.className = 'tg-row';
      row.forEach(function (b) {
        var el;
        if (b.url) {
          el = document.createElement('a');
          el.href = b.url;
          el.target = '_blank';
          el.rel = 'noopener noreferrer';
        } else {
          el = document.createElement('button');
          el.type = 'button';
          el.addEventListener('click', function () {
            onTap(m, b, el);
          });
        }
        el.className = 'tg-button';
        el.textContent = b.text;
        line.appendChild(el);
      });
      box.appendChild(line);
    });
    return box;
  }

  function bubble(m, api, shortTime, onTap) {
    var row = document.createElement('div');
    row.className = 'msg msg-' + m.from;
    row.setAttribute('data-tg-id', String(m.id));
    var meta = document.createElement('div');
    meta.className = 'msg-meta';
    meta.textContent = (m.from === 'bot' ? 'SafeDuty · ' : '') + shortTime(m.at) + (m.edits ? ' · 已编辑' : '');
    row.appendChild(meta);
    var content = document.createElement('div');
    content.className = 'bubble tg-bubble';
    if (m.fileId) {
      var a = document.createElement('a');
      a.className = 'file';
      a.href = api + '/telegram/files/' + encodeURIComponent(m.fileId);
      a.textContent = (m.kind === 'photo' ? '🖼 图片' : '📎 文件') + (m.kind === 'file' ? '' : '');
      content.appendChild(a);
      if (m.text) content.appendChild(document.createElement('br'));
    }
    content.appendChild(formatted(m.text || '', m.entities));
    row.appendChild(content);
    if (m.keyboard && m.keyboard.length) row.appendChild(keyboard(m, onTap));
    return row;
  }

  // Redraws the pane: messages whose state changed are replaced, new ones appended.
  function draw(box, list, drawn, api, shortTime, onTap) {
    var nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
    var ids = {};
    var added = false;
    list.forEach(function (m) {
      var key = String(m.id);
      ids[key] = true;
      var sig = JSON.stringify([m.text, m.entities, m.keyboard, m.edits]);
      var old = box.querySelector('[data-tg-id="' + key + '"]');
      if (old && drawn[key] === sig) return;
      var fresh = bubble(m, api, shortTime, onTap);
      drawn[key] = sig;
      if (old) old.replaceWith(fresh);
      else {
        box.appendChild(fresh);
        added = true;
      }
    });
    Array.prototype.forEach.call(box.querySelectorAll('[data-tg-id]'), function (n) {
      var key = n.getAttribute('data-tg-id');
      if (!ids[key]) {
        delete drawn[key];
        n.remove();
      }
    });
    if (added && (nearBottom || box.getAttribute('data-fresh') === '1')) box.scrollTop = box.scrollHeight;
    box.removeAttribute('data-fresh');
  }

  window.SafeDutyTelegram = { draw: draw, formatted: formatted };
})();
