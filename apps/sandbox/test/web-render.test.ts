import { escapeHtml, linkifyText, renderTelegramHtml } from '../src/web/render'
import { TEXTS } from '../src/web/texts'
import { CLIENT_JS } from '../src/web/client'

describe('renderTelegramHtml (the chat page shows bot HTML with it)', () => {
  test('keeps Telegram formatting tags and maps their aliases', () => {
    expect(
      renderTelegramHtml(
        '<b>bold</b> <strong>x</strong> <i>it</i> <em>e</em> <u>u</u> <ins>n</ins> <s>s</s> <strike>k</strike> <del>d</del>',
      ),
    ).toBe('<b>bold</b> <b>x</b> <i>it</i> <i>e</i> <u>u</u> <u>n</u> <s>s</s> <s>k</s> <s>d</s>')
    expect(renderTelegramHtml('<pre><code class="language-ts">const a = 1 &lt; 2</code></pre>')).toBe(
      '<pre><code>const a = 1 &lt; 2</code></pre>',
    )
    expect(renderTelegramHtml('<B>loud</B>')).toBe('<b>loud</b>')
  })

  test('links: only http(s), mailto and tg, with a safe target', () => {
    expect(renderTelegramHtml('<a href="https://kie.ai/?a=1&amp;b=2">site</a>')).toBe(
      '<a href="https://kie.ai/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer nofollow">site</a>',
    )
    expect(renderTelegramHtml("<a href='tg://user?id=1'>me</a>")).toContain('href="tg://user?id=1"')
    expect(renderTelegramHtml('<a href="javascript:alert(1)">x</a>')).toBe('x')
    expect(renderTelegramHtml('<a href="&#106;avascript:alert(1)">x</a>')).toBe('x')
    expect(renderTelegramHtml('<a href="https://x.y/" onclick="evil()">x</a>')).toBe(
      '<a href="https://x.y/" target="_blank" rel="noopener noreferrer nofollow">x</a>',
    )
    expect(renderTelegramHtml('<a href="https://x.y/&quot; onmouseover=&quot;evil()">x</a>')).toBe('x')
  })

  test('escapes everything else: unknown tags, attributes, stray brackets', () => {
    expect(renderTelegramHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(renderTelegramHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;')
    expect(renderTelegramHtml('1 < 2 > 0 & "q" \'s\'')).toBe('1 &lt; 2 &gt; 0 &amp; &quot;q&quot; &#39;s&#39;')
    expect(renderTelegramHtml('<b/>x')).toBe('&lt;b/&gt;x')
    expect(renderTelegramHtml('<b onclick="x()">x</b>')).toBe('<b>x</b>')
  })

  test('decodes Telegram entities once and escapes the result', () => {
    expect(renderTelegramHtml('&lt;b&gt; &amp;lt; &quot; &#65;&#x42; &nbsp; &LT;')).toBe(
      '&lt;b&gt; &amp;lt; &quot; AB &amp;nbsp; &amp;LT;',
    )
    expect(renderTelegramHtml('&#0; &#xD800; &#99999999;')).toBe('&amp;#0; &amp;#xD800; &amp;#99999999;')
  })

  test("Telegram's other tags keep only their content", () => {
    expect(
      renderTelegramHtml(
        '<tg-spoiler>hidden</tg-spoiler> <span class="tg-spoiler">s</span> <blockquote expandable>q</blockquote> <tg-emoji emoji-id="1">👍</tg-emoji>',
      ),
    ).toBe('hidden s q 👍')
  })

  test('output is always balanced', () => {
    expect(renderTelegramHtml('<b>open <i>both')).toBe('<b>open <i>both</i></b>')
    expect(renderTelegramHtml('<b>a <i>b</b> c</i>')).toBe('<b>a <i>b</i></b> c&lt;/i&gt;')
    expect(renderTelegramHtml('stray</u> end')).toBe('stray&lt;/u&gt; end')
    expect(renderTelegramHtml('')).toBe('')
    expect(renderTelegramHtml('line 1\nline 2')).toBe('line 1\nline 2')
  })

  test('escapeHtml', () => {
    expect(escapeHtml('<a href="x">&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;')
  })
})

describe('linkifyText (URLs and /commands in a bot message are clickable)', () => {
  const link = (url: string) => `<a href="${url}" target="_blank" rel="noopener noreferrer nofollow">${url}</a>`
  const command = (name: string) => `<a href="#" class="bot-command" data-command="${name}">${name}</a>`

  test('URLs become links, without the punctuation that ends the sentence', () => {
    expect(linkifyText('See https://kie.ai/docs. Or http://x.y/a?b=1&c=2, ok')).toBe(
      `See ${link('https://kie.ai/docs')}. Or ${link('http://x.y/a?b=1&amp;c=2')}, ok`,
    )
    expect(linkifyText('(https://en.wikipedia.org/wiki/X_(y))')).toBe(
      `(${link('https://en.wikipedia.org/wiki/X_(y)')})`,
    )
    expect(linkifyText('«https://kie.ai»')).toBe(`«${link('https://kie.ai')}»`)
    expect(linkifyText('https:// nothing')).toBe('https:// nothing')
    expect(linkifyText('javascript:alert(1) ftp://x.y')).toBe('javascript:alert(1) ftp://x.y')
  })

  test('/commands at the start or after a space become command links; paths and fractions do not', () => {
    expect(linkifyText('/start, then /gen@kie_bot nano\n/help')).toBe(
      `${command('/start')}, then ${command('/gen@kie_bot')} nano\n${command('/help')}`,
    )
    expect(linkifyText('a/b 1/2 /путь /usr/bin')).toBe('a/b 1/2 /путь /usr/bin')
  })

  test('everything else is escaped', () => {
    expect(linkifyText('<b>x</b> & "https://a.b/<i>"')).toBe(
      `&lt;b&gt;x&lt;/b&gt; &amp; &quot;${link('https://a.b/')}&lt;i&gt;&quot;`,
    )
  })

  test('in Telegram HTML: text is linkified, links and code are left alone', () => {
    expect(renderTelegramHtml('<b>/menu</b> — https://kie.ai <code>/notme https://no.pe</code>')).toBe(
      `<b>${command('/menu')}</b> — ${link('https://kie.ai')} <code>/notme https://no.pe</code>`,
    )
    expect(renderTelegramHtml('<a href="https://kie.ai">https://kie.ai /start</a>')).toBe(
      '<a href="https://kie.ai" target="_blank" rel="noopener noreferrer nofollow">https://kie.ai /start</a>',
    )
    expect(renderTelegramHtml('<pre>/x</pre>')).toBe('<pre>/x</pre>')
  })
})

describe('page texts and script', () => {
  test('every text exists in Russian and English', () => {
    expect(Object.keys(TEXTS.ru).sort()).toEqual(Object.keys(TEXTS.en).sort())
    for (const language of ['ru', 'en'] as const)
      for (const value of Object.values(TEXTS[language])) expect(value.trim()).not.toBe('')
  })

  test('the script parses and embeds the same renderer', () => {
    expect(() => new Function(CLIENT_JS)).not.toThrow()
    expect(CLIENT_JS).toContain('function renderTelegramHtml(source)')
  })
})
