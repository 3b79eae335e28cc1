// Renders Feishu card JSON 2.0 (the card the bot sent, in its current state) as HTML, the way the
// Feishu client shows it: header colour, markdown (bold, colour, links, tables), column sets,
// forms with select / input / date picker / checker, buttons, and charts as simple SVG bars.
// Plain browser JavaScript, no build step. Exposes window.SafeDutyCards.renderCard(card, onAction).
(function () {
  'use strict';

  var INPUT_TAGS = [
    'input',
    'select_static',
    'multi_select_static',
    'select_person',
    'multi_select_person',
    'date_picker',
    'picker_time',
    'picker_datetime',
    'checker',
  ];
  var COLORS = [
    'blue',
    'wathet',
    'turquoise',
    'green',
    'yellow',
    'orange',
    'red',
    'carmine',
    'violet',
    'purple',
    'indigo',
    'grey',
    'default',
  ];
  var CHART_COLORS = ['#3370ff', '#f5a623', '#34c724', '#f54a45', '#7f3bf5', '#14c0ff'];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function textOf(t) {
    if (!t) return '';
    if (typeof t === 'string') return t;
    return typeof t.content === 'string' ? t.content : '';
  }

  // ── markdown (the lark_md subset the bot uses) ──
  function inline(s) {
    // HTML entities (&#35; &sim; …) are how the bot writes user text that must stay text; like
    // Feishu, show them as the character, after markdown has been read.
    var h = escapeHtml(s).replace(/&amp;(#\d{1,7}|sim|nbsp|ensp|emsp);/g, '&$1;');
    h = h.replace(/&lt;font color=(?:&#39;|&quot;)?([a-z_-]+)(?:&#39;|&quot;)?&gt;/g, function (_, c) {
      return '<span class="md-c md-c-' + (COLORS.indexOf(c) >= 0 ? c : 'default') + '">';
    });
    h = h.replace(/&lt;\/font&gt;/g, '</span>');
    h = h.replace(/&lt;at id=(?:&#39;|&quot;)?([^&\s]+)(?:&#39;|&quot;)?&gt;&lt;\/at&gt;/g, function (_, id) {
      return '<span class="md-at">@' + (id === 'all' ? '所有人' : id) + '</span>';
    });
    h = h.replace(/`([^`]+)`/g, '<code>$1</code>');
    h = h.replace(/\*\*(.+?)\*\*/g, '<b>$1</b>');
    h = h.replace(/~~(.+?)~~/g, '<s>$1</s>');
    h = h.replace(/(^|[^*\w])\*([^*\s](?:[^*]*[^*\s])?)\*(?!\*)/g, '$1<i>$2</i>');
    h = h.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>');
    return h;
  }

  function tableHtml(lines) {
    var rows = lines.map(function (l) {
      return l
        .replace(/^\s*\|/, '')
        .replace(/\|\s*$/, '')
        .split('|')
        .map(function (c) {
          return c.trim();
        });
    });
    var body = rows.filter(function (r, i) {
      return !(
        i === 1 &&
        r.every(function (c) {
          return /^:?-+:?$/.test(c);
        })
      );
    });
    var head = body.shift() || [];
    var html =
      '<table class="md-table"><thead><tr>' +
      head
        .map(function (c) {
          return '<th>' + inline(c) + '</th>';
        })
        .join('') +
      '</tr></thead><tbody>';
    body.forEach(function (r) {
      html +=
        '<tr>' +
        r
          .map(function (c) {
            return '<td>' + inline(c) + '</td>';
          })
          .join('') +
        '</tr>';
    });
    return html + '</tbody></table>';
  }

  function markdownHtml(content) {
    var lines = String(content).split('\n');
    var out = [];
    var text = [];
    var flush = function () {
      if (text.length) out.push('<p>' + text.map(inline).join('<br>') + '</p>');
      text = [];
    };
    for (var i = 0; i < lines.length; i++) {
      if (/^\s*\|.*\|\s*$/.test(lines[i])) {
        var block = [];
        while (i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i])) block.push(lines[i++]);
        i--;
        flush();
        out.push(tableHtml(block));
      } else if (/^#{1,4}\s/.test(lines[i])) {
        flush();
        out.push('<p class="md-h">' + inline(lines[i].replace(/^#+\s*/, '')) + '</p>');
      } else {
        text.push(lines[i]);
      }
    }
    flush();
    return out.join('');
  }

  // ── chart: bars from a VChart-like spec ──
  function chartValues(spec) {
    var d = spec.data;
    if (Array.isArray(d))
      return d.reduce(function (a, x) {
        return a.concat(x && Array.isArray(x.values) ? x.values : []);
      }, []);
    return d && Array.isArray(d.values) ? d.values : [];
  }

  function svgEl(tag, attrs, text) {
    var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (k) {
      e.setAttribute(k, attrs[k]);
    });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function renderChart(node) {
    var spec = node.chart_spec || {};
    var wrap = el('div', 'cd-chart');
    var xField = Array.isArray(spec.xField) ? spec.xField[0] : spec.xField || spec.categoryField;
    var yField = Array.isArray(spec.yField) ? spec.yField[0] : spec.yField || spec.valueField;
    var sField = spec.seriesField;
    var values = chartValues(spec).filter(function (v) {
      return v && typeof v[yField] === 'number';
    });
    if (!values.length) {
      wrap.appendChild(el('div', 'cd-muted', '（图表无数据）'));
      return wrap;
    }
    var cats = [];
    var series = [];
    values.forEach(function (v) {
      var c = String(v[xField]);
      var s = sField ? String(v[sField]) : '';
      if (cats.indexOf(c) < 0) cats.push(c);
      if (series.indexOf(s) < 0) series.push(s);
    });
    var max = Math.max.apply(
      null,
      values
        .map(function (v) {
          return v[yField];
        })
        .concat([1]),
    );
    var slot = 56,
      top = 18,
      plot = 120,
      W = Math.max(300, cats.length * slot + 20),
      H = top + plot + 24;
    var svg = svgEl('svg', {
      viewBox: '0 0 ' + W + ' ' + H,
      class: 'cd-chart-svg',
      role: 'img',
      'aria-label': spec.type || 'chart',
    });
    svg.appendChild(svgEl('line', { x1: 10, y1: top + plot, x2: W - 10, y2: top + plot, stroke: '#dee0e3' }));
    cats.forEach(function (c, i) {
      var rows = values.filter(function (v) {
        return String(v[xField]) === c;
      });
      var bw = Math.min(34, (slot - 14) / rows.length);
      var x0 = 10 + i * slot + (slot - bw * rows.length) / 2;
      rows.forEach(function (v, j) {
        var h = Math.round((v[yField] / max) * plot);
        var color = CHART_COLORS[series.indexOf(sField ? String(v[sField]) : '') % CHART_COLORS.length];
        var x = x0 + j * bw;
        svg.appendChild(
          svgEl('rect', { x: x, y: top + plot - h, width: bw - 2, height: Math.max(h, 1), fill: color, rx: 2 }),
        );
        svg.appendChild(
          svgEl(
            'text',
            { x: x + (bw - 2) / 2, y: top + plot - h - 4, 'text-anchor': 'middle', class: 'cd-chart-val' },
            String(v[yField]),
          ),
        );
      });
      svg.appendChild(
        svgEl(
          'text',
          { x: 10 + i * slot + slot / 2, y: top + plot + 16, 'text-anchor': 'middle', class: 'cd-chart-cat' },
          c,
        ),
      );
    });
    wrap.appendChild(svg);
    if (sField && series.length > 1) {
      var legend = el('div', 'cd-legend');
      series.forEach(function (s, i) {
        var item = el('span', 'cd-legend-item');
        var dot = el('i');
        dot.style.background = CHART_COLORS[i % CHART_COLORS.length];
        item.appendChild(dot);
        item.appendChild(document.createTextNode(s));
        legend.appendChild(item);
      });
      wrap.appendChild(legend);
    }
    return wrap;
  }

  // ── components ──
  function callbackOf(node) {
    var bs = Array.isArray(node.behaviors) ? node.behaviors : [];
    for (var i = 0; i < bs.length; i++) if (bs[i] && bs[i].type === 'callback') return bs[i];
    return node.value && typeof node.value === 'object' ? { type: 'callback', value: node.value } : null;
  }

  function openUrlOf(node) {
    var bs = Array.isArray(node.behaviors) ? node.behaviors : [];
    for (var i = 0; i < bs.length; i++)
      if (bs[i] && bs[i].type === 'open_url') return bs[i].default_url || bs[i].pc_url;
    return null;
  }

  function ref(node) {
    return node.name || node.element_id || '';
  }

  function field(node, control, ctx) {
    var wrap = el('label', 'cd-field' + (node.width === 'fill' || !node.width ? ' cd-fill' : ''));
    if (node.label && textOf(node.label)) {
      var lab = el('span', 'cd-label', textOf(node.label));
      if (node.required) lab.appendChild(el('b', 'cd-req', ' *'));
      wrap.appendChild(lab);
    }
    control.setAttribute('data-field', node.tag);
    if (node.name) control.name = node.name;
    if (node.required) control.setAttribute('data-required', '1');
    wrap.appendChild(control);
    // Outside a form a component with a callback reports each change at once (as Feishu does).
    if (!ctx.inForm && callbackOf(node)) {
      control.addEventListener('change', function () {
        ctx.onAction(ref(node), { value: fieldValue(control) });
      });
    }
    return wrap;
  }

  function options(node) {
    return (Array.isArray(node.options) ? node.options : []).map(function (o) {
      return { value: String(o.value), label: textOf(o.text) || String(o.value) };
    });
  }

  function renderSelect(node, ctx, multiple) {
    var s = el('select', 'cd-select');
    if (multiple) s.multiple = true;
    var initial = multiple ? node.selected_values || [] : node.initial_option;
    if (!multiple && !initial) {
      var ph = el('option', '', textOf(node.placeholder) || '请选择');
      ph.value = '';
      ph.disabled = true;
      ph.selected = true;
      s.appendChild(ph);
    }
    options(node).forEach(function (o) {
      var opt = el('option', '', o.label);
      opt.value = o.value;
      if (multiple ? initial.indexOf(o.value) >= 0 : initial === o.value) opt.selected = true;
      s.appendChild(opt);
    });
    if (node.disabled) s.disabled = true;
    return field(node, s, ctx);
  }

  function renderInput(node, ctx) {
    var multi = node.input_type === 'multiline_text';
    var i = multi ? el('textarea', 'cd-input') : el('input', 'cd-input');
    if (multi) i.rows = node.rows || 3;
    else i.type = node.input_type === 'password' ? 'password' : 'text';
    i.placeholder = textOf(node.placeholder);
    if (typeof node.default_value === 'string') i.value = node.default_value;
    if (typeof node.max_length === 'number') i.maxLength = node.max_length;
    if (node.disabled) i.disabled = true;
    return field(node, i, ctx);
  }

  function renderPicker(node, ctx) {
    var i = el('input', 'cd-input');
    i.type = node.tag === 'picker_time' ? 'time' : node.tag === 'picker_datetime' ? 'datetime-local' : 'date';
    var initial = node.initial_date || node.initial_time || node.initial_datetime;
    if (typeof initial === 'string')
      i.value = initial.slice(0, i.type === 'datetime-local' ? 16 : 10).replace(' ', 'T');
    i.title = textOf(node.placeholder);
    if (node.disabled) i.disabled = true;
    var f = field(node, i, ctx);
    if (textOf(node.placeholder) && !(node.label && textOf(node.label)))
      f.insertBefore(el('span', 'cd-label', textOf(node.placeholder)), i);
    return f;
  }

  function renderChecker(node, ctx) {
    var wrap = el('label', 'cd-checker');
    var c = el('input');
    c.type = 'checkbox';
    c.checked = node.checked === true;
    c.setAttribute('data-field', 'checker');
    if (node.name) c.name = node.name;
    if (node.disabled) c.disabled = true;
    wrap.appendChild(c);
    wrap.appendChild(el('span', '', textOf(node.text)));
    if (!ctx.inForm && callbackOf(node))
      c.addEventListener('change', function () {
        ctx.onAction(ref(node), { value: c.checked });
      });
    return wrap;
  }

  function renderButton(node, ctx) {
    var b = el(
      'button',
      'cd-btn cd-btn-' + (node.type || 'default') + (node.width === 'fill' ? ' cd-fill' : ''),
      textOf(node.text) || '按钮',
    );
    b.type = 'button';
    b.setAttribute('data-el', ref(node));
    if (node.disabled) b.disabled = true;
    b.addEventListener('click', function () {
      var form = b.closest('form');
      if (form && node.form_action_type === 'reset') return form.reset();
      if (form && node.form_action_type === 'submit') return ctx.onAction(ref(node), { form: formValues(form) }, b);
      var url = openUrlOf(node);
      if (url) window.open(url, '_blank', 'noopener');
      if (callbackOf(node)) ctx.onAction(ref(node), {}, b);
    });
    return b;
  }

  function fieldValue(c) {
    if (c.type === 'checkbox') return c.checked;
    if (c.multiple)
      return Array.prototype.filter
        .call(c.options, function (o) {
          return o.selected;
        })
        .map(function (o) {
          return o.value;
        });
    if (c.type === 'date' && c.value) return c.value + ' +0800';
    if (c.type === 'datetime-local' && c.value) return c.value.replace('T', ' ') + ' +0800';
    return c.value;
  }

  /**
   * The form's fields as Feishu's form_value: empty fields are
   * left out (the card's defaults are already in the controls).
   */
  function formValues(form) {
    var out = {};
    form.querySelectorAll('[data-field]').forEach(function (c) {
      if (!c.name) return;
      var v = fieldValue(c);
      if (v === '' || (Array.isArray(v) && !v.length)) return;
      out[c.name] = v;
    });
    return out;
  }

  function renderColumns(node, ctx) {
    var row = el('div', 'cd-cols');
    (node.columns || []).forEach(function (col) {
      var c = el('div', 'cd-col');
      if (col.width === 'weighted' || !col.width) c.style.flex = String(col.weight || 1) + ' 1 0';
      else if (col.width === 'auto') c.style.flex = '0 0 auto';
      else c.style.flex = '0 0 ' + col.width;
      if (col.vertical_align === 'center') c.style.alignSelf = 'center';
      renderElements(col.elements || [], c, ctx);
      row.appendChild(c);
    });
    return row;
  }

  function renderTable(node) {
    var t = el('table', 'md-table');
    var cols = Array.isArray(node.columns) ? node.columns : [];
    var head = el('tr');
    cols.forEach(function (c) {
      head.appendChild(el('th', '', c.display_name || c.name));
    });
    var thead = el('thead');
    thead.appendChild(head);
    t.appendChild(thead);
    var tbody = el('tbody');
    (Array.isArray(node.rows) ? node.rows : []).forEach(function (r) {
      var tr = el('tr');
      cols.forEach(function (c) {
        tr.appendChild(
          el(
            'td',
            '',
            r[c.name] === undefined
              ? ''
              : typeof r[c.name] === 'object'
                ? JSON.stringify(r[c.name])
                : String(r[c.name]),
          ),
        );
      });
      tbody.appendChild(tr);
    });
    t.appendChild(tbody);
    return t;
  }

  function renderNode(node, ctx) {
    switch (node.tag) {
      case 'markdown': {
        var m = el('div', 'cd-md');
        m.innerHTML = markdownHtml(node.content || '');
        if (node.text_align) m.style.textAlign = node.text_align;
        return m;
      }
      case 'div': {
        var d = el('div', 'cd-md');
        d.innerHTML =
          node.text && node.text.tag === 'lark_md'
            ? markdownHtml(textOf(node.text))
            : escapeHtml(textOf(node.text)).replace(/\n/g, '<br>');
        return d;
      }
      case 'hr':
        return el('hr', 'cd-hr');
      case 'img':
      case 'img_combination':
        return el('div', 'cd-img', '［图片' + (node.alt && textOf(node.alt) ? '：' + textOf(node.alt) : '') + '］');
      case 'column_set':
        return renderColumns(node, ctx);
      case 'column': {
        var c = el('div', 'cd-col');
        renderElements(node.elements || [], c, ctx);
        return c;
      }
      case 'collapsible_panel': {
        var det = el('details', 'cd-panel');
        if (node.expanded) det.open = true;
        det.appendChild(el('summary', '', textOf(node.header && node.header.title) || '展开'));
        renderElements(node.elements || [], det, ctx);
        return det;
      }
      case 'interactive_container': {
        var box = el('div', 'cd-box');
        renderElements(node.elements || [], box, ctx);
        if (callbackOf(node))
          box.addEventListener('click', function () {
            ctx.onAction(ref(node), {}, box);
          });
        return box;
      }
      case 'form': {
        var f = el('form', 'cd-form');
        f.setAttribute('data-form', node.name || '');
        f.addEventListener('submit', function (e) {
          e.preventDefault();
        });
        renderElements(node.elements || [], f, { onAction: ctx.onAction, inForm: true });
        return f;
      }
      case 'input':
        return renderInput(node, ctx);
      case 'select_static':
      case 'select_person':
        return renderSelect(node, ctx, false);
      case 'multi_select_static':
      case 'multi_select_person':
        return renderSelect(node, ctx, true);
      case 'date_picker':
      case 'picker_time':
      case 'picker_datetime':
        return renderPicker(node, ctx);
      case 'checker':
        return renderChecker(node, ctx);
      case 'button':
        return renderButton(node, ctx);
      case 'chart':
        return renderChart(node);
      case 'table':
        return renderTable(node);
      case 'person':
      case 'avatar':
        return el('span', 'md-at', '@' + (node.user_id || '用户'));
      case 'person_list':
        return el(
          'div',
          'cd-md',
          (node.persons || [])
            .map(function (p) {
              return '@' + (p.id || '');
            })
            .join(' '),
        );
      case 'overflow':
        return null;
      default:
        return el('div', 'cd-muted', '［' + node.tag + '］');
    }
  }

  function renderElements(list, parent, ctx) {
    list.forEach(function (node) {
      if (!node || typeof node !== 'object') return;
      var e = renderNode(node, ctx);
      if (e) parent.appendChild(e);
    });
  }

  /**
   * The card as a DOM element. onAction(element, {form?, value?}, sourceElement) is called for every
   * interaction that Feishu would send to the bot.
   */
  function renderCard(card, onAction) {
    var root = el('div', 'cd-card');
    var header = card && card.header;
    if (header) {
      var tpl = COLORS.indexOf(header.template) >= 0 ? header.template : 'default';
      var h = el('div', 'cd-header cd-tpl-' + tpl);
      h.appendChild(el('div', 'cd-title', textOf(header.title)));
      if (header.subtitle && textOf(header.subtitle)) h.appendChild(el('div', 'cd-subtitle', textOf(header.subtitle)));
      root.appendChild(h);
    }
    var body = el('div', 'cd-body');
    var elements = card && card.body && Array.isArray(card.body.elements) ? card.body.elements : [];
    renderElements(elements, body, { onAction: onAction, inForm: false });
    root.appendChild(body);
    return root;
  }

  window.SafeDutyCards = { renderCard: renderCard, markdownHtml: markdownHtml, INPUT_TAGS: INPUT_TAGS };
})();
