/*
 * connect-calendar docs: turns the code samples into ARIA tabs, writes the test form's values
 * into the samples' placeholders (quoted for the literal each one sits in) and sends the test
 * form with fetch to this origin. Without this script every sample stays visible and the form
 * stays disabled. Nothing is stored (no cookies, localStorage or sessionStorage) or logged.
 */
'use strict';
(function () {
  /* The same table as src/docs/quoting.ts; the browser test checks that the samples still run. */
  var CONTROL = /[\u0000-\u001f\u2028\u2029]/g;
  var SHORT = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  function unicodeEscape(char) {
    return SHORT[char] || '\\u' + ('0000' + char.charCodeAt(0).toString(16)).slice(-4);
  }
  function quoteSh(value) { return value.replace(/'/g, "'\\''"); }
  var QUOTERS = {
    'sh': quoteSh,
    'sh-url': function (value) { return quoteSh(encodeURIComponent(value)); },
    'ps': function (value) { return value.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&'); },
    'cs': function (value) { return value.replace(/[\\"]/g, '\\$&').replace(CONTROL, unicodeEscape); },
    'php': function (value) { return value.replace(/[\\']/g, '\\$&'); },
    'js': function (value) { return value.replace(/[\\']/g, '\\$&').replace(CONTROL, unicodeEscape); },
    'js-expression': function (value) { return value.replace(/\n/g, '\n  '); }
  };

  function initTabs(container) {
    var panels = Array.prototype.filter.call(container.children, function (child) {
      return child.classList.contains('tab-panel');
    });
    if (panels.length < 2) return;
    var list = document.createElement('div');
    list.className = 'tablist';
    list.setAttribute('role', 'tablist');
    list.setAttribute('aria-label', container.getAttribute('data-tabs-label') || '');
    var tabs = panels.map(function (panel) {
      var heading = panel.querySelector('.tab-heading');
      var tab = document.createElement('button');
      tab.type = 'button';
      tab.id = panel.id + '-tab';
      tab.className = 'tab';
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', panel.id);
      tab.textContent = heading ? heading.textContent : panel.id;
      if (heading) heading.hidden = true;
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', tab.id);
      list.appendChild(tab);
      return tab;
    });
    function select(index, focus) {
      tabs.forEach(function (tab, i) {
        var selected = i === index;
        tab.setAttribute('aria-selected', selected ? 'true' : 'false');
        tab.tabIndex = selected ? 0 : -1;
        panels[i].hidden = !selected;
      });
      if (focus) tabs[index].focus();
    }
    list.addEventListener('click', function (event) {
      var tab = event.target.closest('[role="tab"]');
      if (tab) select(tabs.indexOf(tab), false);
    });
    list.addEventListener('keydown', function (event) {
      var index = tabs.indexOf(document.activeElement);
      if (index < 0) return;
      var next;
      if (event.key === 'ArrowRight') next = (index + 1) % tabs.length;
      else if (event.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
      else if (event.key === 'Home') next = 0;
      else if (event.key === 'End') next = tabs.length - 1;
      else return;
      event.preventDefault();
      select(next, true);
    });
    container.insertBefore(list, container.firstChild);
    container.classList.add('tabs-ready');
    select(0, false);
  }

  function fillSlots(name, value) {
    var slots = document.querySelectorAll('.slot[data-slot="' + CSS.escape(name) + '"]');
    Array.prototype.forEach.call(slots, function (slot) {
      var quoter = QUOTERS[slot.getAttribute('data-quote')];
      slot.textContent = value === '' || !quoter ? slot.getAttribute('data-placeholder') : quoter(value);
      slot.classList.toggle('slot-filled', value !== '');
    });
  }

  function base64Utf8(text) {
    var bytes = new TextEncoder().encode(text);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary);
  }

  function requestUrl(form) {
    var path = form.getAttribute('data-url').replace(/:(\w+)(\([^)]*\))?/g, function (_, name) {
      var input = form.querySelector('[data-uri="' + CSS.escape(name) + '"]');
      return encodeURIComponent(input ? input.value : '');
    });
    var query = new URLSearchParams();
    Array.prototype.forEach.call(form.querySelectorAll('[data-query]'), function (input) {
      if (input.value !== '') query.append(input.getAttribute('data-query'), input.value);
    });
    var search = query.toString();
    return path + (search ? '?' + search : '');
  }

  function send(form) {
    var statusOut = document.getElementById('tf-status');
    var headersOut = document.getElementById('tf-headers');
    var bodyOut = document.getElementById('tf-response-body');
    var button = form.querySelector('button[type="submit"]');
    var username = form.elements.namedItem('username').value;
    var password = form.elements.namedItem('password').value;
    var headers = new Headers();
    if (username !== '' || password !== '') headers.set('Authorization', 'Basic ' + base64Utf8(username + ':' + password));
    var accept = form.elements.namedItem('accept');
    if (accept && accept.value) headers.set('Accept', accept.value);
    var init = {
      method: form.getAttribute('data-method'), headers: headers,
      credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer'
    };
    var body = form.elements.namedItem('body');
    if (body) {
      init.body = body.value;
      headers.set('Content-Type', form.elements.namedItem('contentType').value);
    }
    statusOut.textContent = form.getAttribute('data-msg-sending');
    headersOut.textContent = '';
    bodyOut.textContent = '';
    button.disabled = true;
    fetch(requestUrl(form), init).then(function (response) {
      return response.text().then(function (text) {
        statusOut.textContent = response.status + ' ' + response.statusText;
        var lines = [];
        response.headers.forEach(function (value, name) { lines.push(name + ': ' + value); });
        headersOut.textContent = lines.join('\n');
        bodyOut.textContent = text;
      });
    }).catch(function (error) {
      statusOut.textContent = form.getAttribute('data-msg-network-error') + ' ' + error.message;
    }).then(function () {
      button.disabled = false;
    });
  }

  function initTestForm(form) {
    Array.prototype.forEach.call(form.querySelectorAll('fieldset'), function (fieldset) { fieldset.disabled = false; });
    Array.prototype.forEach.call(document.querySelectorAll('[data-needs-script]'), function (note) { note.hidden = true; });
    Array.prototype.forEach.call(form.querySelectorAll('[data-slot]'), function (input) {
      var update = function () { fillSlots(input.getAttribute('data-slot'), input.value); };
      input.addEventListener('input', update);
      if (input.value !== '') update();
    });
    var contentType = form.elements.namedItem('contentType');
    var body = form.elements.namedItem('body');
    if (contentType && body) {
      /* The samples send JSON: while the form's body is XML they keep their own JSON body. */
      var updateBody = function () { fillSlots('body', /json/.test(contentType.value) ? body.value : ''); };
      contentType.addEventListener('change', function () {
        var format = /xml/.test(contentType.value) ? 'xml' : 'json';
        var sample = document.querySelector('[data-body-sample="' + format + '"]');
        if (sample) body.value = sample.textContent;
        updateBody();
      });
      body.addEventListener('input', updateBody);
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (form.reportValidity()) send(form);
    });
    form.setAttribute('data-ready', '');
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-tabs]'), initTabs);
  var form = document.getElementById('test-form');
  if (form) initTestForm(form);
})();
