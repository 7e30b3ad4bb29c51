import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { renderMarkdown, safeLink } from './markdown.js';

test('a script tag, raw HTML and event handlers arrive as text, never as elements', () => {
  const html = renderMarkdown(
    '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n<div style="x">roh</div> <b>fett</b>',
  );
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /<div/i);
  assert.doesNotMatch(html, /<b>/i);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /&lt;b&gt;fett&lt;\/b&gt;/);
});

test('javascript:, vbscript: and data: links and images are not rendered as links', () => {
  for (const url of [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    '&#106;avascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'data:image/png;base64,iVBORw0KGgo=',
    'file:///etc/passwd',
  ]) {
    const html = renderMarkdown(`[Klick](${url}) ![Bild](${url}) <${url}>`);
    assert.doesNotMatch(html, /<a /, url);
    assert.doesNotMatch(html, /<img /, url);
    assert.doesNotMatch(html, /href="(javascript|vbscript|data|file):/i, url);
  }
});

test('ordinary links, paths of the product, lists and tables render', () => {
  const html = renderMarkdown(
    '- [Umfrage](/staff/surveys)\n- [BAMF](https://www.bamf.de)\n- [Mail](mailto:team@example.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |',
  );
  assert.match(html, /<a href="\/staff\/surveys">Umfrage<\/a>/);
  assert.match(html, /<a href="https:\/\/www.bamf.de" rel="noopener noreferrer">BAMF<\/a>/);
  assert.match(html, /<a href="mailto:team@example.org">/);
  assert.match(html, /<table>/);
});

test('no text at all renders an element with a script, handler or dangerous URL', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.constantFrom(
          '<script>',
          '</script>',
          '<img src=x onerror=alert(1)>',
          '[a](javascript:x)',
          '[a](data:text/html,x)',
          '<a href="javascript:x">',
          'onclick="x"',
          '\n',
          '*',
          '`',
          '](',
          ')',
          '<',
          '>',
          'text ',
        ),
        { maxLength: 30 },
      ),
      (parts) => {
        const html = renderMarkdown(parts.join(''));
        assert.doesNotMatch(html, /<(script|img|a href="(javascript|data))/i);
        assert.doesNotMatch(html, /<[a-z]+[^>]*\son[a-z]+=/i);
      },
    ),
  );
});

test('safeLink keeps relative paths and refuses schemes other than http(s) and mailto', () => {
  assert.equal(safeLink('/staff/cases'), true);
  assert.equal(safeLink('vorlage.pdf'), true);
  assert.equal(safeLink('#schritte'), true);
  assert.equal(safeLink('//evil.example/x'), false);
  assert.equal(safeLink('ftp://x'), false);
});
